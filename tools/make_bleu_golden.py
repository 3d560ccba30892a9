#!/usr/bin/env python3
"""Writes eval/src/test/resources/bleu-golden.json: corpus BLEU by sacreBLEU for fixed segments, which BleuTest
holds dev.hanlm.eval.Bleu to. Needs sacrebleu 2.x (pip install sacrebleu==2.6.0)."""
import json
import pathlib

import sacrebleu

CASES = [
    {   # English, 13a: punctuation, numbers with separators, an ampersand entity, a hyphen after a digit
        "tokenize": "13a",
        "hypotheses": [
            "The cat sat on the mat.",
            "He paid $1,200.50 for it, didn't he?",
            "Researchers showed off the 110-million dollar wonder &amp; more",
            "Nothing matches here",
        ],
        "references": [
            "The cat is sitting on the mat.",
            "He paid $1,200.50 for it, did he not?",
            "Government researchers showed off the $110 million wonder & more.",
            "Completely different words entirely",
        ],
    },
    {   # one short segment: higher orders have no n-grams at all
        "tokenize": "13a",
        "hypotheses": ["Hello world"],
        "references": ["Hello there world"],
    },
    {   # a hypothesis longer than its reference (no brevity penalty), with trailing white space
        "tokenize": "13a",
        "hypotheses": ["the quick brown fox jumps over the lazy dog again and again   "],
        "references": ["the quick brown fox jumps over the lazy dog"],
    },
    {   # Korean, character tokenization (white space is not a token)
        "tokenize": "char",
        "hypotheses": ["나는 오늘 학교에 갔다.", "날씨가 좋네요", "고양이가 잔다"],
        "references": ["나는 오늘 학교에 갔습니다.", "날씨가 매우 좋다.", "고양이가 창가에서 잔다."],
    },
]


def main():
    out = []
    for case in CASES:
        score = sacrebleu.corpus_bleu(case["hypotheses"], [case["references"]], tokenize=case["tokenize"])
        out.append({**case, "bleu": score.score, "counts": score.counts, "totals": score.totals,
                    "sys_len": score.sys_len, "ref_len": score.ref_len})
    target = pathlib.Path(__file__).resolve().parent.parent / "eval/src/test/resources/bleu-golden.json"
    target.write_text(json.dumps({"sacrebleu": sacrebleu.__version__, "cases": out}, ensure_ascii=False, indent=1) + "\n")
    print("wrote", target)


if __name__ == "__main__":
    main()
