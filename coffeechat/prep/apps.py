from django.apps import AppConfig


class PrepConfig(AppConfig):
    name = "coffeechat.prep"
    label = "prep"
    verbose_name = "Research, questions, the brief and the meeting view"
