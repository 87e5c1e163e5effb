from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "coffeechat.exchange"
    label = "exchange"
    verbose_name = "Import and export"
