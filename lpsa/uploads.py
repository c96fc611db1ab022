"""A cap on the whole body of a request with files, which Django itself leaves uncapped."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class RefuseLargeBodies(FileUploadHandler):
    """Refuse a multipart body over REQUEST_BODY_MAX_BYTES before any of it is read.

    DATA_UPLOAD_MAX_MEMORY_SIZE counts only the form's fields, so without this a file of any
    size would be streamed to a temporary file, even for a page that takes none and before
    the person has signed in. Raising here ends the request with a 400.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.REQUEST_BODY_MAX_BYTES:
            raise RequestDataTooBig(f"A request body of {content_length} bytes is over REQUEST_BODY_MAX_BYTES.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # the next handler keeps the data

    def file_complete(self, file_size):
        return None
