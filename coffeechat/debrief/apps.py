from django.apps import AppConfig


class DebriefConfig(AppConfig):
    name = "coffeechat.debrief"
    label = "debrief"
    verbose_name = "What you learned, and what you'll do with it"
