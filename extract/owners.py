"""Who owns a duty: its own subject or agent, else the owner that scopes the passage, else the
addressees of the document.

Scopes, nearest first:
1. the sentence: "The provincial offices shall set up X; designate Y" — Y belongs to the offices;
2. a lead-in that ends with a colon: "The Secretary shall: (a) ...; (b) ..." — until the next
   heading;
3. the document's addressees ("To the IP offices of all provinces ..."), or those of the
   circular that issues it. Owners from scopes 2 and 3 are marked inferred.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.records import Actor


@dataclass
class Owner:
    actor: Actor | None
    inferred: bool


@dataclass
class OwnerScope:
    """The owners in force while a document is read, narrowest first."""

    addressees: Actor | None = None
    lead_in: Actor | None = None
    sentence: Actor | None = None
    section: str | None = None  # the section the lead-in was said in

    def start_sentence(self) -> None:
        self.sentence = None

    def start_section(self, label: str | None) -> None:
        """A lead-in scopes its own section's list items ('205.c' → '205.c.i'), nothing after."""
        if self.lead_in is not None and not (label or "").startswith(f"{self.section}."):
            self.lead_in = None

    def named(self, actor: Actor, *, scopes_sentence: bool) -> Owner:
        """A duty whose owner is named in its own clause; it may scope the rest of the sentence."""
        if scopes_sentence and self.sentence is None:
            self.sentence = actor
        return Owner(actor, inferred=False)

    def inherited(self) -> Owner:
        """A duty with no owner of its own takes the narrowest owner in force."""
        if self.sentence is not None:
            return Owner(self.sentence, inferred=False)
        if self.lead_in is not None:
            return Owner(self.lead_in, inferred=True)
        return Owner(self.addressees, inferred=True)

    def end_sentence(self, text: str, section: str | None) -> None:
        """A sentence that ends in a colon hands its owner to the list that follows."""
        if text.rstrip().endswith(":") and self.sentence is not None:
            self.lead_in, self.section = self.sentence, section
