from django.urls import path

from coffeechat.prep import views

urlpatterns = [
    path("interviews/<int:pk>/prepare/", views.prepare, name="prep-prepare"),
    path("interviews/<int:pk>/prepare/research/", views.research, name="prep-research"),
    path("interviews/<int:pk>/prepare/ask/", views.ask, name="prep-ask"),
    path("interviews/<int:pk>/prepare/done/", views.prepared, name="prep-prepared"),
    path("interviews/<int:pk>/questions/add/", views.question_add, name="prep-question-add"),
    path(
        "interviews/<int:pk>/questions/suggest/",
        views.question_suggest,
        name="prep-question-suggest",
    ),
    path("interviews/<int:pk>/questions/order/", views.question_order, name="prep-question-order"),
    path("planned/<int:pk>/move/", views.question_move, name="prep-question-move"),
    path("planned/<int:pk>/remove/", views.question_remove, name="prep-question-remove"),
    path("planned/<int:pk>/tick/", views.question_tick, name="prep-question-tick"),
    path("my-questions/<int:pk>/delete/", views.own_delete, name="prep-own-delete"),
    path("interviews/<int:pk>/brief/", views.brief, name="prep-brief"),
    path("interviews/<int:pk>/meeting/", views.meeting, name="prep-meeting"),
    path("interviews/<int:pk>/meeting/start/", views.meeting_start, name="prep-meeting-start"),
    path("interviews/<int:pk>/meeting/notes/", views.notes, name="prep-notes"),
]
