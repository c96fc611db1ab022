"""Delivery pages (see delivery/urls.py): the monitoring report and the returns spreadsheet."""

from django.urls import path

from delivery import report_views

urlpatterns = [
    path("<slug:slug>/report/", report_views.monitoring_report, name="report"),
    path("<slug:slug>/report/pdf/", report_views.monitoring_report_pdf, name="report_pdf"),
    path("<slug:slug>/returns/export/", report_views.returns_export, name="returns_export"),
    path("<slug:slug>/returns/import/", report_views.returns_import, name="returns_import"),
]
