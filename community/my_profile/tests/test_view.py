"""/members/me/: my profile (membership) with my meetups (the meetups app's RSVP history)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from meetups.checkin.command import check_in
from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup
from membership.profile.command import UpdateProfile, update_profile
from membership.read_models import Member
from membership.visibility.command import show_profile
from membership.streams import member_stream
from membership.testing import make_member


def test_my_profile_needs_a_login(client, db):
    response = client.get(reverse("my-profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_profile_shows_what_the_projection_holds(client, ann):
    client.force_login(ann)
    response = client.get(reverse("my-profile"))
    assert response.status_code == 200
    assert '<h1 id="profile-heading" class="person-heading">Ann</h1>' in response.content.decode()


def test_my_profile_lists_my_meetups_with_attendance_and_no_shows(client, ann):
    me = member_stream(ann.pk)
    for slug, days, attended in [("went", -20, True), ("skipped", -10, False)]:
        make_meetup(slug, starts_in=timedelta(days=days), title=slug.title())
        start = timezone.now() + timedelta(days=days)
        rsvp(slug=slug, member_id=me, now=start - timedelta(days=3))
        if attended:
            check_in(slug=slug, member_id=me, attended=True, by="test", now=start)
    make_meetup("next", starts_in=timedelta(days=5), title="Next")
    rsvp(slug="next", member_id=me, now=timezone.now())

    client.force_login(ann)
    page = client.get(reverse("my-profile")).content.decode()

    rows = [(title, status) for title, status in [("Next", "Going"), ("Skipped", "No-show"), ("Went", "Attended")]]
    positions = [page.index(f">{title}</a>") for title, _ in rows]
    assert page.index("<h3>Coming up</h3>") < positions[0] < page.index("<h3>Past</h3>") < positions[1]
    assert positions == sorted(positions)
    for title, status in rows:
        assert f'<td data-label="Status">{status}</td>' in page[page.index(f">{title}</a>"):]


def test_upcoming_meetups_come_soonest_first(client, ann):
    me = member_stream(ann.pk)
    for slug, days in [("later", 30), ("sooner", 3)]:
        make_meetup(slug, starts_in=timedelta(days=days), title=slug.title())
        rsvp(slug=slug, member_id=me, now=timezone.now())
    client.force_login(ann)
    page = client.get(reverse("my-profile")).content.decode()
    assert page.index(">Sooner</a>") < page.index(">Later</a>")


def test_the_bio_renders_markdown_sanitised_and_long_names_wrap(client, db):
    ann = make_member("Ann", verified=True)  # a public profile needs a confirmed address

    update_profile(user_id=ann.pk, command=UpdateProfile("A" * 80, "I *love* [pytest](https://pytest.org) <script>x</script>", []))
    show_profile(user_id=ann.pk)  # profiles are private until shown
    public_id = Member.objects.get(member_id=member_stream(ann.pk)).public_id
    client.force_login(ann)
    for url in (reverse("my-profile"), reverse("member-profile", args=[public_id])):
        page = client.get(url).content.decode()
        assert "<em>love</em>" in page and '<a href="https://pytest.org"' in page
        assert "<script>x" not in page
        assert 'class="person-heading"' in page
