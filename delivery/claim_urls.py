"""Delivery pages (see delivery/urls.py)."""

urlpatterns = []
