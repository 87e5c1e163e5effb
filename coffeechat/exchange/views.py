from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone

from coffeechat.exchange.backup import write_backup
from coffeechat.exchange.contacts import contact_rows, write_csv, write_xlsx
from coffeechat.exchange.vcard import write_vcards
from coffeechat.network.models import Person
from coffeechat.network.selectors import people_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="coffeechat-{stamp}.{extension}"'
    return response


def _selected(request):
    """?person=ID (repeatable) or ?q=SEARCH narrows an export; neither means everyone."""
    ids = request.GET.getlist("person")
    if ids:
        try:
            wanted = {int(i) for i in ids}
        except ValueError:
            raise Http404("Not found") from None
        people = Person.objects.filter(owner=request.user, pk__in=wanted)
        if people.count() != len(wanted):
            raise Http404("Not found")  # gone, or someone else's: the same answer
        return people
    search = request.GET.get("q", "").strip()
    return people_for(actor=request.user, search=search) if search else None


@login_required
def export_csv(request):
    response = _download("text/csv; charset=utf-8", "csv")
    write_csv(contact_rows(actor=request.user, people=_selected(request)), response)
    return response


@login_required
def export_xlsx(request):
    response = _download(XLSX, "xlsx")
    write_xlsx(contact_rows(actor=request.user, people=_selected(request)), response)
    return response


@login_required
def export_vcard(request):
    response = _download("text/vcard; charset=utf-8", "vcf")
    write_vcards(actor=request.user, stream=response, people=_selected(request))
    return response


@login_required
def backup_json(request):
    response = _download("application/json", "backup.json")
    write_backup(actor=request.user, stream=response)
    return response
