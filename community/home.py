from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    # Upcoming meetups arrive with the meetups issue; until then the page shows its
    # empty state.
    return render(request, "community/home.html", {"upcoming_meetups": []})
