-- Signed-in sessions rotated over the requests (BENCH_COOKIES, "|"-separated);
-- prints one JSON line: requests, seconds, latency percentiles (ms), errors.
local cookies = {}
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "([^|]+)") do
  table.insert(cookies, c)
end
local counter = 0

request = function()
  counter = counter + 1
  local cookie = cookies[(counter % #cookies) + 1]
  return wrk.format("GET", nil, { ["Cookie"] = cookie })
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
