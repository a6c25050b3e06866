"""Pages of the booking: facilitators, free slots and booking, a session and its moves,
the facilitator's availability and week, and a person's own sessions."""

from datetime import datetime, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from clinics import selectors as clinic_selectors
from clinics.records import AgencyRecords
from clinics.tenancy import open_clinic_view, rule_required
from consultations import ics, rules, selectors, services
from consultations.choices import Expertise, ParticipantStatus, Status
from consultations.forms import (
    BookingForm,
    ExceptionForm,
    OutcomeForm,
    ProfileForm,
    ReasonForm,
    RoomForm,
    ScheduleForm,
    SessionTypeForm,
    SlotSearchForm,
    WeeklyHoursForm,
)
from consultations.models import (
    AvailabilityException,
    Consultation,
    FacilitatorProfile,
    Room,
    SessionType,
    WeeklyHours,
)
from innovations import selectors as innovation_selectors


def _may_book(request) -> bool:
    """Members of the clinic's agency, and signed-in staff of others if the clinic is open."""
    return rules.can_book_session(request.membership) or request.agency.is_open


@open_clinic_view
def facilitators(request, agency_slug):
    if not _may_book(request):
        raise PermissionDenied
    expertise = request.GET.get("expertise", "")
    context = {
        "groups": selectors.group_sessions_open(request.agency),
        "profiles": selectors.facilitator_list(request.agency, expertise=expertise),
        "expertise": expertise,
        "expertise_choices": Expertise.choices,
        "waiting": selectors.requests_waiting(request.user, request.agency)
        if rules.can_keep_calendar(request.membership)
        else [],
        "coaches_here": FacilitatorProfile.objects.filter(
            agency=request.agency, user=request.user
        ).exists(),
        "open_clinics": clinic_selectors.open_clinics(request.user, here=request.agency),
    }
    return TemplateResponse(request, "consultations/facilitator_list.html", context)


@open_clinic_view
def book(request, agency_slug):
    """Pick what and with whom, see the week's free slots, then book one."""
    if not _may_book(request):
        raise PermissionDenied
    agency = request.agency
    types = selectors.session_types(agency)
    query = request.GET.copy()
    if not query.get("session_type"):
        # Free times show at once (never an error before the person did anything): for
        # the first one-to-one kind of session unless they pick another.
        query["session_type"] = selectors.default_session_type_id(types) or ""
    search = SlotSearchForm(
        query if query["session_type"] else None,  # unbound: no kind of session set up yet
        session_types=types,
        facilitators=FacilitatorProfile.objects.filter(
            agency=agency, is_active=True
        ).select_related("user"),
    )
    context = {"search": search, "slots": None}
    if search.is_valid():
        data = search.cleaned_data
        monday = search.monday()
        days = selectors.week_days(monday)
        people = (
            [data["facilitator"]]
            if data["facilitator"]
            else selectors.facilitator_list(agency, expertise=data["expertise"])
        )
        found = sorted(
            {
                start
                for person in people
                for start in selectors.free_slots(person, data["session_type"], days)
            }
        )
        context.update(
            {
                "slots": found,
                "monday": monday,
                "session_type": data["session_type"],
                "prev_week": (monday - timedelta(days=7)).isoformat(),
                "next_week": (monday + timedelta(days=7)).isoformat(),
                "query": request.GET.copy(),
                "booking": BookingForm(
                    innovations=innovation_selectors.own_innovations(request.user)
                ),
            }
        )
    if request.method == "POST":
        return _book(request, search, context)
    template = "consultations/book.html"
    if request.htmx:
        template += "#slots"
    return TemplateResponse(request, template, context)


def _book(request, search, context):
    if not search.is_valid():
        raise Http404("Choose a session first.")
    data = search.cleaned_data
    form = BookingForm(request.POST, innovations=innovation_selectors.own_innovations(request.user))
    context["booking"] = form
    if form.is_valid():
        try:
            facilitator = data["facilitator"] or services.pick_facilitator(
                request.agency,
                data["session_type"],
                data["expertise"],
                form.cleaned_data["starts_at"],
            )
            requester_agency = (
                request.membership.agency if request.membership else (_home_agency(request.user))
            )
            session = services.consultation_book(
                booker=request.user,
                requester_agency=requester_agency,
                session_type=data["session_type"],
                facilitator=facilitator,
                starts_at=form.cleaned_data["starts_at"],
                innovation=form.cleaned_data["innovation"],
                dossier_section=form.cleaned_data["dossier_section"],
                need=form.cleaned_data["need"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Your request was sent to %(name)s, who confirms it or proposes another "
                    "time; you get an e-mail either way. It shows under “My sessions”."
                )
                % {"name": facilitator.user},
            )
            return redirect("consultations:detail", request.agency.slug, session.pk)
    return TemplateResponse(request, "consultations/book.html", context, status=200)


def _home_agency(user):
    from clinics.selectors import membership_list_for_user

    memberships = membership_list_for_user(user)
    if not memberships:
        raise PermissionDenied
    return memberships[0].agency


def with_session(view):
    """Load the session of the URL in this agency. Its facilitator, the agency's admins and
    coaches, and its booker (also from another agency, at an open clinic) may see it."""

    @wraps(view)
    def wrapper(request, agency_slug, pk, *args, **kwargs):
        session = (
            Consultation.objects.filter(agency=request.agency, pk=pk)
            .select_related(
                "session_type",
                "facilitator__user",
                "facilitator__agency",
                "room",
                "requested_by",
                "requester_agency",
                "innovation",
            )
            .first()
        )
        member = request.membership
        visible = session is not None and (
            rules.is_booker(request.user, session)
            or session.participants.filter(user=request.user).exists()
            or (
                session.session_type.is_group
                and session.status == Status.CONFIRMED
                and _may_book(request)
            )
            or rules.can_respond_session(member, session)
            or rules.can_keep_calendar(member)
        )
        if not visible:
            raise Http404("No such session.")
        return view(request, session, *args, **kwargs)

    return wrapper


def _sees_everything(request, session) -> bool:
    """Members of the clinic's agency, the booker and invited team members see the whole
    session; anyone else (staff of other agencies at an open clinic's group session, even
    once registered) sees only what registering needs."""
    return (
        request.membership is not None
        or rules.is_booker(request.user, session)
        or (
            not session.session_type.is_group
            and session.participants.filter(user=request.user).exists()
        )
    )


@open_clinic_view
@with_session
def detail(request, session, outcome_form=None):
    if not _sees_everything(request, session):
        return _registration(request, session)
    participants = list(session.participants.select_related("user"))
    context = {
        "participants": participants,
        "mine": next((p for p in participants if p.user_id == request.user.pk), None),
        "may_schedule": rules.can_keep_calendar(request.membership),
        "started": session.starts_at <= timezone.now(),
        "outcome_form": outcome_form or OutcomeForm(people=_people_of(session)),
        "session": session,
        "may_respond": rules.can_respond_session(request.membership, session),
        "is_booker": rules.is_booker(request.user, session),
        "local_start": timezone.localtime(session.starts_at, request.agency.zoneinfo),
        "history": _history(session),
    }
    return TemplateResponse(request, "consultations/session_detail.html", context)


def _registration(request, session):
    """An open clinic's group session as an outsider sees it: when, where, with whom,
    the places left and their own place; no innovation, need, notes, people or history."""
    mine = session.participants.filter(user=request.user).first()
    taken = session.participants.filter(status=ParticipantStatus.ACCEPTED).count()
    context = {
        "session": session,
        "mine": mine,
        "places_left": max(0, session.session_type.capacity - taken),
        "local_start": timezone.localtime(session.starts_at, request.agency.zoneinfo),
    }
    return TemplateResponse(request, "consultations/session_registration.html", context)


def _people_of(session) -> list:
    """Who can own an action agreed in the session: the innovation's team and the booker."""
    people = innovation_selectors.team_of(session.innovation) if session.innovation else []
    return list({person.pk: person for person in [*people, session.requested_by]}.values())


def _history(session):
    from clinics.models import ActivityLog

    return ActivityLog.objects.filter(
        agency=session.agency_id, target_type="consultations.consultation", target_id=session.pk
    ).select_related("actor")


MOVES = {
    "confirm": (
        "respond",
        lambda r, s, f: services.consultation_confirm(actor=r.user, consultation=s),
    ),
    "decline": (
        "respond",
        lambda r, s, f: services.consultation_decline(
            actor=r.user, consultation=s, reason=f["reason"]
        ),
    ),
    "no-show": (
        "respond",
        lambda r, s, f: services.consultation_complete(
            actor=r.user, consultation=s, notes=f["reason"], no_show=True
        ),
    ),
    "propose": (
        "respond",
        lambda r, s, f: services.consultation_propose(
            actor=r.user, consultation=s, starts_at=_required_time(f)
        ),
    ),
    "accept-proposal": (
        "booker",
        lambda r, s, f: services.consultation_accept_proposal(actor=r.user, consultation=s),
    ),
    "cancel": (
        "either",
        lambda r, s, f: services.consultation_cancel(
            actor=r.user,
            consultation=s,
            reason=f["reason"],
            by_facilitator=rules.can_respond_session(r.membership, s),
        ),
    ),
    "reschedule": (
        "booker",
        lambda r, s, f: services.consultation_reschedule(
            actor=r.user, consultation=s, starts_at=_required_time(f)
        ),
    ),
}


@require_POST
@open_clinic_view
@with_session
def complete(request, session):
    """Record the session as held, with what was agreed."""
    if not rules.can_respond_session(request.membership, session):
        raise PermissionDenied
    form = OutcomeForm(request.POST, people=_people_of(session))
    if form.is_valid():
        try:
            services.consultation_complete(
                actor=request.user,
                consultation=session,
                notes=form.cleaned_data["notes"],
                actions=form.actions(),
                phase=form.cleaned_data["phase"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "The session is recorded as held; its notes and actions are on the "
                    "innovation's timeline."
                ),
            )
            return redirect("consultations:detail", request.agency.slug, session.pk)
    return detail(request, request.agency.slug, session.pk, outcome_form=form)


@require_POST
@open_clinic_view
@with_session
def take_part(request, session, action):
    """Accept or decline an invitation; register for a group session or leave it."""
    try:
        if action in ("accept", "decline"):
            services.participant_respond(
                user=request.user, consultation=session, accept=action == "accept"
            )
        elif action == "register":
            services.participant_register(user=request.user, consultation=session)
        elif action == "leave":
            services.participant_leave(user=request.user, consultation=session)
        else:
            raise Http404("No such action.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _taken_part(action, session, request.user))
    return redirect("consultations:detail", request.agency.slug, session.pk)


def _taken_part(action: str, session, user) -> str:
    """What joining, leaving or answering an invitation did, and who learns of it."""
    if action == "register":
        place = session.participants.filter(user=user).values_list("status", flat=True).first()
        if place == "waitlisted":
            return _(
                "The session is full: you are on its waiting list, and get an e-mail if a "
                "place frees up."
            )
        return _("You have a place. The session shows under “My sessions”.")
    return {
        "accept": _("You take part. The facilitator sees it on the session's page."),
        "decline": _("You declined. The facilitator sees it on the session's page."),
        "leave": _(
            "You gave up your place; the first on the waiting list moves up and gets an e-mail."
        ),
    }[action]


@rule_required(rules.can_keep_calendar)
def schedule(request, agency_slug):
    """A facilitator schedules a session with an innovation's team, or a group session;
    an admin may do it on behalf of any facilitator."""
    agency = request.agency
    facilitators = FacilitatorProfile.objects.filter(agency=agency, is_active=True)
    if not request.membership.is_admin:
        facilitators = facilitators.filter(user=request.user)
    form = ScheduleForm(
        request.POST or None,
        session_types=selectors.session_types(agency),
        facilitators=facilitators.select_related("user"),
        innovations=innovation_selectors.in_coaching(agency),
        initial={"facilitator": facilitators.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        innovation = data["innovation"]
        try:
            session = services.consultation_schedule(
                actor=request.user,
                facilitator=data["facilitator"],
                session_type=data["session_type"],
                starts_at=data["starts_at"],
                innovation=innovation,
                invitees=innovation_selectors.team_of(innovation) if innovation else (),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "The session is scheduled and confirmed. Everyone in it gets an e-mail "
                    "with the calendar file; the team's members accept or decline."
                ),
            )
            return redirect("consultations:detail", agency_slug, session.pk)
    return TemplateResponse(request, "consultations/schedule.html", {"form": form})


@require_POST
@with_session
def follow_up(request, session):
    """ "Same time in two weeks", with the same people."""
    if not rules.can_respond_session(request.membership, session):
        raise PermissionDenied
    try:
        new = services.consultation_follow_up(actor=request.user, consultation=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("consultations:detail", request.agency.slug, session.pk)
    messages.success(
        request,
        _(
            "The follow-up is scheduled two weeks later, with the same people; they get an "
            "e-mail with the calendar file."
        ),
    )
    return redirect("consultations:detail", request.agency.slug, new.pk)


def _required_time(data):
    if not data.get("starts_at"):
        raise ValidationError(_("Choose the new date and time."))
    return data["starts_at"]


@require_POST
@open_clinic_view
@with_session
def move(request, session, action):
    if action not in MOVES:
        raise Http404("No such move.")
    who, run = MOVES[action]
    responder = rules.can_respond_session(request.membership, session)
    booker = rules.is_booker(request.user, session)
    allowed = {"respond": responder, "booker": booker, "either": responder or booker}[who]
    if not allowed:
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        run(request, session, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _move_done(action, session, responder))
    return redirect("consultations:detail", request.agency.slug, session.pk)


def _move_done(action: str, session, by_facilitator: bool) -> str:
    """What a move did and who is told (every move but a no-show e-mails the booker, the
    facilitator and the people invited, with the calendar file)."""
    booker, facilitator = session.requested_by, session.facilitator.user
    other = booker if by_facilitator else facilitator
    return {
        "confirm": _("Confirmed. %(name)s gets an e-mail with the calendar file.")
        % {"name": booker},
        "decline": _("Declined. %(name)s gets an e-mail with your reason.") % {"name": booker},
        "no-show": _("Recorded as a no-show; it counts in the clinic's utilisation."),
        "propose": _(
            "Your proposal was sent: %(name)s gets an e-mail and can take the new time or cancel."
        )
        % {"name": booker},
        "accept-proposal": _(
            "The session moved to the proposed time and is confirmed. %(name)s gets an "
            "e-mail with the calendar file."
        )
        % {"name": facilitator},
        "cancel": _("Cancelled. %(name)s gets an e-mail, and the time is free again.")
        % {"name": other},
        "reschedule": _("Moved. %(name)s gets an e-mail and confirms the new time again.")
        % {"name": facilitator},
    }[action]


def _my_profile(request) -> FacilitatorProfile:
    profile = FacilitatorProfile.objects.filter(agency=request.agency, user=request.user).first()
    if profile is None:
        raise Http404("No facilitator profile.")
    return profile


@rule_required(rules.can_keep_calendar)
def profile(request, agency_slug):
    """A facilitator's own profile: expertise, about, affiliation, photo."""
    mine, _created = FacilitatorProfile.objects.get_or_create(
        agency=request.agency, user=request.user
    )
    form = ProfileForm(request.POST or None, request.FILES or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("consultations:facilitators", agency_slug)
    return TemplateResponse(request, "consultations/profile.html", {"form": form})


@open_clinic_view
def photo(request, agency_slug, pk):
    if not _may_book(request):
        raise PermissionDenied
    profile = (
        FacilitatorProfile.objects.filter(agency=request.agency, pk=pk).exclude(photo="").first()
    )
    if profile is None:
        raise Http404("No photo.")
    response = FileResponse(profile.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@rule_required(rules.can_keep_calendar)
def availability(request, agency_slug):
    profile = _my_profile(request)
    # Two forms on one page with fields of the same names: their ids differ.
    hours_form = WeeklyHoursForm(
        request.POST if "add_hours" in request.POST else None, auto_id="id_hours_%s"
    )
    exception_form = ExceptionForm(
        request.POST if "add_exception" in request.POST else None, auto_id="id_leave_%s"
    )
    for form, model in ((hours_form, WeeklyHours), (exception_form, AvailabilityException)):
        if form.is_bound and form.is_valid():
            model.objects.create(agency=request.agency, facilitator=profile, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("consultations:availability", agency_slug)
    context = {
        "profile": profile,
        "hours_form": hours_form,
        "exception_form": exception_form,
        "hours": profile.weekly_hours.all(),
        "exceptions": profile.exceptions.filter(day__gte=timezone.localdate()),
        "feed_url": request.build_absolute_uri(
            reverse("calendar_feed", args=[profile.calendar_token])
        ),
    }
    return TemplateResponse(request, "consultations/availability.html", context)


@require_POST
@rule_required(rules.can_keep_calendar)
def availability_remove(request, agency_slug, kind, pk):
    profile = _my_profile(request)
    model = {"hours": WeeklyHours, "exception": AvailabilityException}.get(kind)
    if model is None or not model.objects.filter(facilitator=profile, pk=pk).delete()[0]:
        raise Http404("Nothing to remove.")
    return redirect("consultations:availability", agency_slug)


@require_POST
@rule_required(rules.can_keep_calendar)
def feed_renew(request, agency_slug):
    """A new secret address for the calendar feed; the old one stops working at once."""
    profile = _my_profile(request)
    from consultations.models import new_calendar_token

    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token"])
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("consultations:availability", agency_slug)


@rule_required(rules.can_keep_calendar)
def week(request, agency_slug):
    """The week calendar of one facilitator (mine by default) or of the whole clinic."""
    tz = request.agency.zoneinfo
    try:
        day = datetime.fromisoformat(request.GET.get("week", "")).date()
    except ValueError:
        day = timezone.localdate()
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    who = request.GET.get("facilitator", "me")
    profile = None
    if who == "me":
        profile = FacilitatorProfile.objects.filter(
            agency=request.agency, user=request.user
        ).first()
    elif who.isdigit():
        profile = FacilitatorProfile.objects.filter(agency=request.agency, pk=who).first()
    sessions = selectors.session_list(
        request.agency, start=start, end=start + timedelta(days=7), facilitator=profile
    )
    days = [
        (d, [s for s in sessions if timezone.localtime(s.starts_at, tz).date() == d])
        for d in selectors.week_days(monday)
    ]
    context = {
        "days": days,
        "monday": monday,
        "who": who,
        "profile": profile,
        "prev_week": (monday - timedelta(days=7)).isoformat(),
        "next_week": (monday + timedelta(days=7)).isoformat(),
        "facilitators": FacilitatorProfile.objects.filter(agency=request.agency).select_related(
            "user"
        ),
    }
    template = "consultations/week.html"
    if request.htmx:
        template += "#week"
    return TemplateResponse(request, template, context)


@login_required
def my_sessions(request):
    """A person's upcoming sessions in every agency (not under one agency's address)."""
    return TemplateResponse(
        request,
        "consultations/my_sessions.html",
        {
            "sessions": selectors.sessions_for_user(request.user),
            "open_clinics": clinic_selectors.open_clinics(request.user),
        },
    )


def calendar_feed(request, token):
    """A facilitator's sessions as an iCalendar feed; the secret address is the key."""
    with scopes_disabled():
        profile = FacilitatorProfile.objects.filter(calendar_token=token).first()
        if profile is None:
            raise Http404("Unknown calendar.")
        # Cancelled and declined sessions stay in the feed as CANCELLED, so that calendars
        # that keep what a feed once held take them off.
        sessions = list(
            Consultation.objects.filter(
                facilitator=profile, starts_at__gte=timezone.now() - timedelta(days=90)
            )
            .select_related("agency", "session_type", "facilitator__user", "room", "requested_by")
            .prefetch_related("participants__user")[:500]
        )
    response = HttpResponse(ics.calendar(sessions), content_type=ics.CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    return response


session_types = AgencyRecords(
    model=SessionType,
    form_class=SessionTypeForm,
    list_selector=selectors.session_type_list,
    view_rule=rules.can_manage_setup,
    manage_rule=rules.can_manage_setup,
    list_url_name="consultations:session_types",
    list_template="consultations/sessiontype_list.html",
    title=gettext_lazy("Session types"),
    add_label=gettext_lazy("Add a session type"),
)
rooms = AgencyRecords(
    model=Room,
    form_class=RoomForm,
    list_selector=selectors.room_list,
    view_rule=rules.can_manage_setup,
    manage_rule=rules.can_manage_setup,
    list_url_name="consultations:rooms",
    list_template="consultations/room_list.html",
    title=gettext_lazy("Rooms"),
    add_label=gettext_lazy("Add a room"),
)


@rule_required(rules.can_keep_calendar)
def utilisation(request, agency_slug):
    return TemplateResponse(
        request, "consultations/utilisation.html", {"stats": selectors.utilisation(request.agency)}
    )
