#!/usr/bin/env python3
"""Writes the fuzz seed corpus (corpus/) from the golden vectors: every message's wire bytes, every
decoder stream, and a few host sessions. Developer tool: the corpus is committed, CI does not run this."""
import json, os, hashlib

here = os.path.dirname(os.path.abspath(__file__))
vec = os.path.join(here, "..", "..", "..", "protocol-spec", "vectors")
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)
seeds = []
msgs = json.load(open(os.path.join(vec, "messages.json")))["vectors"]
by_name = {m["name"]: bytes.fromhex(m["wire_hex"]) for m in msgs}
seeds += list(by_name.values())
seeds += [bytes.fromhex(s["input_hex"]) for s in json.load(open(os.path.join(vec, "streams.json")))["vectors"]]
# Sessions: handshake, sets of each kind, a duplicate, state request, ping.
seeds.append(by_name["hello_req"] + by_name["set_on"] + by_name["set_dim_transition"] +
             by_name["set_color_zero_bytes"] + by_name["set_everything"] + by_name["set_on"] +
             by_name["state_req_all"] + by_name["ping"] + by_name["set_off"])
seeds.append(by_name["set_all_effect"] + by_name["hello_req"] + by_name["set_on"])
# The live view: subscribe, a change while frames flow, unsubscribe; and PIXELS_SUB of every bad kind.
seeds.append(by_name["hello_req"] + by_name["pixels_sub_all"] + by_name["set_everything"] +
             by_name["pixels_sub_max_rate"] + by_name["pixels_sub_stop"] + by_name["ping"])
for s in seeds:
    name = hashlib.sha1(s).hexdigest()
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(s)
print(f"{len(seeds)} seeds in {out}")
