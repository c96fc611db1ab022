"""Render one submission PDF in a process of its own, under limits the kernel enforces.

Run by ``lpsa.pdf.render_job_in_child`` as ``python -m lpsa.render_child SECONDS MEGABYTES``,
with the job as JSON on standard input: a submission's snapshot, or (``{"html": ...}``) a
document whose HTML the parent made already. The PDF comes back on standard output.
A render that goes past MEGABYTES of address space fails to allocate and exits with
OUT_OF_MEMORY (or is ended by the kernel); past SECONDS of processor time (plus a margin:
the parent stops it on the clock first) it is ended with SIGXCPU, even if the parent is
gone. A document WeasyPrint reported an error in exits with RENDER_FAILED, the reason on
standard error.
"""

import json
import os
import resource
import sys
from datetime import datetime

RENDER_FAILED = 3
OUT_OF_MEMORY = 4


def main(seconds: int, megabytes: int) -> int:
    memory = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 5, seconds + 10))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lpsa.settings")
    try:
        import django

        django.setup()
        from lpsa.pdf import Approval, RenderFailed, render_html_pdf, render_submission_pdf

        job = json.load(sys.stdin)
        approval = job.get("approval")
        if approval is not None:
            approval = Approval(
                name=approval["name"], job_title=approval["job_title"], at=datetime.fromisoformat(approval["at"])
            )
        try:
            if "html" in job:
                pdf = render_html_pdf(job["html"])
            else:
                pdf = render_submission_pdf(
                    job["snapshot"], stage=job["stage"], version=job["version"], approval=approval
                )
        except RenderFailed as failed:
            sys.stderr.write(str(failed))
            return RENDER_FAILED
    except MemoryError:
        return OUT_OF_MEMORY
    sys.stdout.buffer.write(pdf)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2])))
