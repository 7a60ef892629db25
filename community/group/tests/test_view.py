"""The group's face: organisers edit it, the home page, the footer and /about/ show it."""

from html import unescape

from community.group.command import describe_group, list_sponsors
from community.group.projection import GroupProfile
from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import rebuild
from meetups.testing import make_meetup

FORM = dict(name="PyRVA", summary="Richmond's Python user group.", meets_where="Main Library, Gellman Room",
            meets_when="Second Tuesday of the month, 6:30 PM", chat_url="https://chat.example.org/pyrva",
            code_of_conduct="Be **kind**.", about="## Our story\n\n<script>alert(1)</script>Six people and a projector.",
            sponsors="Richmond Public Library https://rvalibrary.example.org/\nA friend of the group")


def test_before_organisers_describe_the_group_the_pages_use_the_site_name(client, db):
    page = unescape(client.get("/").content.decode())
    assert "<h1 id=\"group-heading\">Convene</h1>" in page
    assert 'href="/about/"' in page and 'href="/about/#code-of-conduct"' in page


def test_an_organiser_describes_the_group_and_every_page_shows_it(client, olivia):
    client.force_login(olivia)
    response = client.post("/organisers/group/", FORM)
    assert response.status_code == 302 and response["Location"] == "/about/"
    home = unescape(client.get("/").content.decode())
    assert '<h1 id="group-heading">PyRVA</h1>' in home
    assert "Richmond's Python user group." in home
    assert "Second Tuesday of the month, 6:30 PM · Main Library, Gellman Room" in home
    assert 'href="https://chat.example.org/pyrva"' in home
    assert "<title>PyRVA · PyRVA</title>" in home
    about = unescape(client.get("/about/").content.decode())
    assert "<strong>kind</strong>" in about and "<h2>Our story</h2>" in about
    assert "<script>alert" not in about
    assert '<a href="https://rvalibrary.example.org/" rel="noopener">Richmond Public Library</a>' in about
    assert "<li>A friend of the group</li>" in about
    assert "Olivia" in about  # the organisers


def test_saving_the_same_form_again_records_nothing(client, olivia):
    client.force_login(olivia)
    client.post("/organisers/group/", FORM)
    response = client.post("/organisers/group/", FORM, follow=True)
    assert "Nothing to change." in response.content.decode()


def test_a_bad_chat_link_is_a_form_error_not_a_500(client, olivia):
    client.force_login(olivia)
    response = client.post("/organisers/group/", FORM | {"chat_url": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "The chat link must be a web address starting with https://." in unescape(response.content.decode())
    assert not GroupProfile.objects.exists()


def test_hostile_input_is_refused_with_words(client, olivia):
    client.force_login(olivia)
    for bad in ({"name": "Py\x07RVA"}, {"summary": "x" * 10_000}, {"name": ""}):
        response = client.post("/organisers/group/", FORM | bad)
        assert response.status_code == 200
        assert 'class="errors"' in response.content.decode()
    assert not GroupProfile.objects.exists()


def test_only_organisers_edit_the_group(client, ann):
    assert client.get("/organisers/group/")["Location"].startswith("/accounts/login/")
    client.force_login(ann)
    assert client.get("/organisers/group/").status_code == 403
    assert client.post("/organisers/group/", FORM).status_code == 403


def test_the_edit_form_starts_from_what_the_group_says_now(client, olivia):
    describe_group(by="o", **{k: v for k, v in FORM.items() if k != "sponsors"})
    list_sponsors(sponsors=[("PSF", "https://psf.example.org/")], by="o")
    client.force_login(olivia)
    page = unescape(client.get("/organisers/group/").content.decode())
    assert 'value="PyRVA"' in page and "PSF https://psf.example.org/" in page


def test_the_group_projection_rebuilds_to_the_same_row(db):
    describe_group(by="o", **{k: v for k, v in FORM.items() if k != "sponsors"})
    list_sponsors(sponsors=[("PSF", "https://psf.example.org/")], by="o")
    before = list(GroupProfile.objects.values())
    rebuild(consumers.get(Projection, "group"))
    assert list(GroupProfile.objects.values()) == before


def test_the_footer_links_the_about_page_and_speaks_to_members(client, db):
    make_meetup("december")
    page = client.get("/meetups/december/").content.decode()
    assert '<a href="/about/">About us</a>' in page
    assert "Every change is kept as an event" not in page
