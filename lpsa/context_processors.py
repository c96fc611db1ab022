from django.conf import settings


def site(request):
    """The service name shown in the header of every page."""
    return {"service_name": settings.SITE_NAME}
