"""Narrative text: segmentation into paragraphs and sentences, tokenization, the tokens frame."""
from govtext.text.segment import paragraphs, segment_report, segment_sections, split_sentences
from govtext.text.tokenize import Tokenizer
from govtext.text.tokens import tokens_frame

__all__ = ["Tokenizer", "paragraphs", "segment_report", "segment_sections", "split_sentences", "tokens_frame"]
