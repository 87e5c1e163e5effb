#!/usr/bin/env python
"""Django's admin commands (migrations and the like); users run `coffeechat` instead."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
