from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from coffeechat.exchange.backup import write_backup
from coffeechat.exchange.contacts import contact_rows, write_csv, write_xlsx
from coffeechat.exchange.vcard import write_vcards

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="coffeechat-{stamp}.{extension}"'
    return response


@login_required
def export_csv(request):
    response = _download("text/csv; charset=utf-8", "csv")
    write_csv(contact_rows(actor=request.user), response)
    return response


@login_required
def export_xlsx(request):
    response = _download(XLSX, "xlsx")
    write_xlsx(contact_rows(actor=request.user), response)
    return response


@login_required
def export_vcard(request):
    response = _download("text/vcard; charset=utf-8", "vcf")
    write_vcards(actor=request.user, stream=response)
    return response


@login_required
def backup_json(request):
    response = _download("application/json", "backup.json")
    write_backup(actor=request.user, stream=response)
    return response
