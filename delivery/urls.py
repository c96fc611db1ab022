"""The delivery pages, under /delivery/. Each part keeps its own urls and views modules."""

from delivery import claim_urls, money_urls, report_urls, return_urls

app_name = "delivery"

urlpatterns = [
    *return_urls.urlpatterns,
    *report_urls.urlpatterns,
    *money_urls.urlpatterns,
    *claim_urls.urlpatterns,
]
