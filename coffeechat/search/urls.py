from django.urls import path

from coffeechat.search import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
]
