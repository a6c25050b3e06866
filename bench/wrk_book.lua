-- Booking under load: every request books a different free slot (the file BENCH_POSTS:
-- one "path;body" per line, from the portal's own slot search), as one of the signed-in
-- sessions (BENCH_COOKIES) with the CSRF token BENCH_CSRF. A booking answered with
-- anything but a redirect to the new session was refused and counts as an error.
local posts, cookies = {}, {}
for line in io.lines(os.getenv("BENCH_POSTS")) do
  local path, body = string.match(line, "([^;]+);(.+)")
  table.insert(posts, { path = path, body = body })
end
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "([^|]+)") do
  table.insert(cookies, c)
end
local csrf = os.getenv("BENCH_CSRF")
local threads, counter = {}, 0
refused = 0 -- a global: done() reads each thread's count with thread:get

setup = function(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

response = function(status, headers, body)
  if status ~= 302 then
    refused = refused + 1
  end
end

init = function(args)
  nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
end

request = function()
  local n = tid + counter * nthreads
  counter = counter + 1
  local post = posts[(n % #posts) + 1]
  local headers = {
    ["Cookie"] = cookies[(n % #cookies) + 1] .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", post.path, headers, post.body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("refused")
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
