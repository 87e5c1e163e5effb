from django.urls import path

from coffeechat.debrief import views

urlpatterns = [
    path("interviews/compare/", views.compare, name="debrief-compare"),
    path("interviews/<int:pk>/debrief/", views.debrief, name="debrief"),
    path("interviews/<int:pk>/debrief/actions/", views.action_add, name="debrief-action-add"),
    path("interviews/<int:pk>/debrief/referrals/", views.referral_add, name="debrief-referral-add"),
    path("actions/<int:pk>/done/", views.action_done, name="debrief-action-done"),
    path("actions/<int:pk>/reopen/", views.action_reopen, name="debrief-action-reopen"),
    path("actions/<int:pk>/delete/", views.action_delete, name="debrief-action-delete"),
]
