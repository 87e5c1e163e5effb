from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coffeechat.accounts.forms import ProfileForm, SignupForm
from coffeechat.accounts.services import profile_for, profile_update, user_create
from coffeechat.web import add_service_errors, form_status


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("today")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="coffeechat.accounts.backends.ModelBackendWithProfile")
            messages.success(request, f"Welcome, {user.username}. Start by adding someone.")
            return redirect("today")
    return render(request, "registration/signup.html", {"form": form}, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    profile = profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("settings")
    feed_url = ""
    if profile.feed_token:
        feed_url = request.build_absolute_uri(
            reverse("outreach-feed", kwargs={"token": profile.feed_token})
        )
    context = {"form": form, "feed_url": feed_url}
    return render(request, "accounts/settings.html", context, status=form_status(form))
