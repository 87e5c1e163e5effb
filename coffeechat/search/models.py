"""No models: the index is a database table Django does not manage (coffeechat.search.index).

This module exists because Django sends the migrate signals only to apps with one, and
the app needs them to put its triggers back after migrations.
"""
