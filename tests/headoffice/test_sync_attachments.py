"""Photos attached to a case reach head office with their event, checked by their SHA-256."""

import hashlib
import uuid
from pathlib import Path

import httpx
from headoffice_harness import HeadOfficeServer, SyncingStore
from PIL import Image

from counter_app.services.attachments import attach_file
from counter_app.services.staff import sign_in
from counter_app.sync.runner import SyncTarget, sync_once


def test_an_attached_photo_is_uploaded_before_its_event(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    photo = tmp_path / "cracked-lid.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photo)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    (staff_id,) = syncing_store.sql("SELECT id FROM staff WHERE name = 'Maeve Byrne'")[0]
    (number,) = syncing_store.sql(
        "SELECT number FROM service_case WHERE status != 'closed' ORDER BY number LIMIT 1"
    )[0]
    manager = sign_in(database=syncing_store.database, staff_id=uuid.UUID(staff_id), pin="2468")
    attach_file(
        database=syncing_store.database,
        data_dir=syncing_store.folder,
        staff=manager,
        case_ref=number,
        source=photo,
    )

    report = sync_once(
        syncing_store.database,
        SyncTarget(url=head_office.url, token=syncing_store.token),
        data_dir=syncing_store.folder,
    )

    assert report.pushed.attachments_uploaded == 1
    held = httpx.get(
        f"{head_office.url}/v1/stores/{syncing_store.code}/attachments/{digest}",
        headers={"Authorization": f"Bearer {syncing_store.token}"},
    )
    assert held.status_code == 200
    assert held.content == photo.read_bytes()
    kinds = head_office.sql(
        "SELECT count(*) FROM ho_event e JOIN ho_store s ON s.id = e.store_id "
        "WHERE s.code = :code AND e.kind = 'attachment.added'",
        code=syncing_store.code,
    )
    assert kinds == [(1,)]
    assert syncing_store.waiting() == 0
