from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partners import services
from partners.models import Organisation

KINDS = sorted(Organisation.UPPER_TIER)


class Command(BaseCommand):
    help = (
        "Create an upper-tier council and invite its first administrator, who gets the invitation "
        "by e-mail; the link is printed too, to pass on another way."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='The council\'s name, such as "Kent County Council".')
        parser.add_argument("--kind", required=True, choices=KINDS, help="What kind of council it is.")
        parser.add_argument("--admin-email", required=True, help="The first administrator's e-mail address.")
        parser.add_argument("--admin-name", required=True, help="The first administrator's full name.")
        parser.add_argument("--short-name", default="", help='A short name, such as "Kent".')

    def handle(self, *args, **options):
        try:
            invitation = services.council_create(
                name=options["name"],
                kind=options["kind"],
                admin_name=options["admin_name"],
                admin_email=options["admin_email"],
                short_name=options["short_name"],
                by=None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        council = invitation.person.organisation
        self.stdout.write(f"Created {council.name}. Invited {invitation.person.user.email} as its administrator.")
        self.stdout.write(f"Invitation link (works once, until {invitation.expires_at:%d %B %Y}):")
        self.stdout.write(invitation.link())
