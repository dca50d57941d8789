"""What the policies page asks the core: the next version number, and which versions claims have frozen."""

from __future__ import annotations

from tests.workbench.factories import ALL_REQUIRED, make_chain
from workbench.services import CLAIMS
from workbench.services import policies as pol
from workbench.services.entities import self_broker
from workbench.store import Store


def test_next_version_number_counts_every_version_ever_made(store: Store) -> None:
    with store.session(actor="test") as s:
        assert pol.next_version_number(s, "zhenhai") == 2
        assert pol.next_version_number(s, "no-such-policy") == 1
        second = pol.new_version(s, "zhenhai", {"rate": "0.02"})
        assert second.version == 2 and pol.next_version_number(s, "zhenhai") == 3
        # Editing the first version in place does not reuse a number.
        pol.edit_version(s, pol.get_policy(s, "zhenhai", version=1).id, {"notes": "改"})
        assert pol.next_version_number(s, "zhenhai") == 3


def test_only_claims_past_draft_freeze_a_version(store: Store) -> None:
    with store.session(actor="test") as s:
        assert self_broker(s) is None
        chain = make_chain(s)
        assert chain.contract is not None
        me = self_broker(s)
        assert me is not None and me.is_self
        draft = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        assert pol.submitted_claims_per_version(s) == {}
        CLAIMS.submit(s, draft.id)
        assert pol.submitted_claims_per_version(s) == {draft.policy_id: 1}
        assert pol.in_use(s, pol.get_policy(s, "zhenhai"))
