"""Who owns a duty: its own subject or agent, else the owner that scopes the passage, else the
addressees of the document.

Scopes, nearest first:
1. the sentence: "The provincial offices shall set up X; designate Y" — Y belongs to the offices;
2. a lead-in that ends with a colon or dash: "The Secretary shall: (a) ...; (b) ..." — over the
   list below it: deeper items ('205.c' → '205.c.i'), or a list that starts at item 1, a or i
   right after it, with that item's siblings. Its items also take its modal ("government
   should: 1. Set out ..." is a recommendation, "the operator may: (a) suspend ..." a permission);
3. the document's addressees ("To the IP offices of all provinces ..."), or those of the
   circular that issues it. Owners from scopes 2 and 3 are marked inferred.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.phrases import ends_lead_in
from extract.records import Actor


@dataclass
class Owner:
    actor: Actor | None
    inferred: bool
    modality: str | None = None  # a lead-in's modality, for the imperative items of its list


@dataclass
class OwnerScope:
    """The owners in force while a document is read, narrowest first."""

    addressees: Actor | None = None
    lead_in: Actor | None = None
    sentence: Actor | None = None
    section: str | None = None  # the section the lead-in was said in
    lead_in_modality: str | None = None
    sentence_modality: str | None = None  # the modal the sentence ends on, if it is a lead-in
    list_parent: str | None = None  # the parent label of a list that starts at item 1/a/i

    def start_sentence(self) -> None:
        self.sentence = self.sentence_modality = None

    def start_section(self, label: str | None) -> None:
        """A lead-in scopes its list: deeper items, or a list starting at 1, a or i and its siblings."""
        if self.lead_in is None or (label or "").startswith(f"{self.section}."):
            return
        parent, _, item = (label or "").rpartition(".")
        if label and self.list_parent is None and item.lower() in {"1", "a", "i"}:
            self.list_parent = parent
        elif not label or parent != self.list_parent:
            self.lead_in = self.lead_in_modality = self.list_parent = None

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
            return Owner(self.lead_in, inferred=True, modality=self.lead_in_modality)
        return Owner(self.addressees, inferred=True)

    def end_sentence(self, text: str, section: str | None) -> None:
        """A sentence that ends in a colon or dash hands its owner and modal to the list that follows."""
        if ends_lead_in(text) and self.sentence is not None:
            self.lead_in, self.section, self.list_parent = self.sentence, section, None
            self.lead_in_modality = self.sentence_modality
