from django.conf import settings


def site(request):
    """The service name shown in the header of every page."""
    return {"site_name": settings.SITE_NAME}
