from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from coffeechat.accounts import views as accounts
from coffeechat.exchange import import_views as importing
from coffeechat.exchange import views as exchange
from coffeechat.interviews import views as interviews
from coffeechat.network import duplicate_views as duplicates
from coffeechat.network import path_views as paths
from coffeechat.network import views as network
from coffeechat.outreach import views as outreach
from coffeechat.today import views as today


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", today.today, name="today"),
    path("today/done/", today.action_done, name="today-done"),
    path("people/", network.people_list, name="people-list"),
    path("people/new/", network.person_create, name="person-create"),
    path("people/export.csv", exchange.export_csv, name="people-export-csv"),
    path("people/export.xlsx", exchange.export_xlsx, name="people-export-xlsx"),
    path("people/export.vcf", exchange.export_vcard, name="people-export-vcard"),
    path("import/", importing.import_start, name="import-start"),
    path("import/<int:pk>/", importing.import_detail, name="import-detail"),
    path("import/<int:pk>/columns/", importing.import_columns, name="import-columns"),
    path("import/<int:pk>/rejected.csv", importing.import_rejected, name="import-rejected"),
    path("import/<int:pk>/commit/", importing.import_commit, name="import-commit"),
    path("import/<int:pk>/delete/", importing.import_delete, name="import-delete"),
    path("people/duplicates/", duplicates.duplicate_list, name="people-duplicates"),
    path("people/duplicates/count/", duplicates.duplicate_count, name="people-duplicates-count"),
    path("people/<int:keep>/merge/<int:other>/", duplicates.person_merge, name="person-merge"),
    path(
        "people/<int:pk>/not-the-same-as/<int:other>/",
        duplicates.duplicate_dismiss,
        name="duplicate-dismiss",
    ),
    path("people/<int:pk>/", network.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", network.person_edit, name="person-edit"),
    path("people/<int:pk>/delete/", network.person_delete, name="person-delete"),
    path("people/<int:pk>/log/", network.interaction_log, name="interaction-log"),
    path("people/<int:pk>/knows/", network.person_knows, name="person-knows"),
    path(
        "people/<int:person_pk>/interviews/new/",
        interviews.interview_create,
        name="interview-create",
    ),
    path("organizations/", network.organization_list, name="organization-list"),
    path("organizations/new/", network.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", network.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/delete/", network.organization_delete, name="organization-delete"),
    path("organizations/<int:pk>/edit/", network.organization_edit, name="organization-edit"),
    path("interviews/", interviews.interview_board, name="interview-board"),
    path("interviews/all/", interviews.interview_list, name="interview-list"),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview-detail"),
    path("interviews/<int:pk>/edit/", interviews.interview_edit, name="interview-edit"),
    path("interviews/<int:pk>/move/", interviews.interview_move, name="interview-move"),
    path("interviews/<int:pk>/delete/", interviews.interview_delete, name="interview-delete"),
    path(
        "interviews/<int:pk>/connector/", interviews.interview_connector, name="interview-connector"
    ),
    path("interviews/<int:pk>/compose/", outreach.compose, name="outreach-compose"),
    path("interviews/<int:pk>/coach/", outreach.coach_panel, name="outreach-coach"),
    path("interviews/<int:pk>/slots/", outreach.slot_panel, name="outreach-slots"),
    path("interviews/<int:pk>/agree/", outreach.time_agree, name="outreach-agree"),
    path("interviews/<int:pk>/invitation.ics", outreach.invitation, name="outreach-invitation"),
    path(
        "interviews/<int:pk>/invitation/cancel/",
        outreach.invitation_cancel,
        name="outreach-invitation-cancel",
    ),
    path("messages/<int:pk>/delete/", outreach.message_delete, name="outreach-message-delete"),
    path("messages/templates/", outreach.template_list, name="outreach-templates"),
    path("accounts/feed/", outreach.feed_token, name="outreach-feed-token"),
    path("feed/<str:token>.ics", outreach.feed, name="outreach-feed"),
    path("", include("coffeechat.prep.urls")),
    path("", include("coffeechat.debrief.urls")),
    path("", include("coffeechat.search.urls")),
    path("paths/", paths.paths_page, name="paths"),
    path("paths/ask/", paths.ask_for_introduction, name="paths-ask"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/settings/", accounts.settings_view, name="settings"),
    path("accounts/backup.json", exchange.backup_json, name="backup"),
    path("healthz", healthz, name="healthz"),
]
