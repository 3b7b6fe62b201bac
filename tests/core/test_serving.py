"""A serving process keeps what its first requests built out of the cycle collector's reach,
so a full collection during a request does not walk the content snapshot and caches."""

import gc

from cartif_lms.app_setup import REFREEZE_AFTER, freeze_when_warm


def test_the_heap_is_frozen_again_after_the_first_requests(app):
    freeze_when_warm(app)
    client = app.test_client()
    first = min(REFREEZE_AFTER)
    for _ in range(first - 1):
        assert client.get("/healthz").status_code == 200
    kept = [[n] for n in range(1000)]  # built by the warm-up, to live on (tracked by gc)
    frozen_before = gc.get_freeze_count()
    gc.collect()
    assert gc.get_freeze_count() == frozen_before, "nothing freezes before the threshold"

    assert client.get("/healthz").status_code == 200

    assert gc.get_freeze_count() >= frozen_before + len(kept)
    gc.unfreeze()  # leave the test process as it was
