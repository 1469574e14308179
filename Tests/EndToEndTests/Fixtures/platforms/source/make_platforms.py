#!/usr/bin/env python3
"""Writes the platforms corpus's exports: two Bluesky repositories (CAR v1 with DAG-CBOR blocks,
encoded here independently of Earshot's Swift code), a Mastodon outbox and two legacy archives.
The posts are the hand list of EXPECTED.md. Run from this folder: python3 make_platforms.py"""
import hashlib, json, os, struct

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORTS = os.path.join(HERE, "..", "exports")

def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)

def head(major, n):
    if n < 24: return bytes([major << 5 | n])
    if n < 0x100: return bytes([major << 5 | 24, n])
    if n < 0x10000: return bytes([major << 5 | 25]) + struct.pack(">H", n)
    return bytes([major << 5 | 26]) + struct.pack(">I", n)

class Link:
    def __init__(self, cid): self.cid = cid

def cbor(v):
    if v is None: return b"\xf6"
    if isinstance(v, bool): return b"\xf5" if v else b"\xf4"
    if isinstance(v, int): return head(0, v)
    if isinstance(v, bytes): return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode(); return head(3, len(b)) + b
    if isinstance(v, list): return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, Link):
        b = b"\x00" + v.cid; return b"\xd8\x2a" + head(2, len(b)) + b
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))  # DAG-CBOR order
        return head(5, len(keys)) + b"".join(cbor(k) + cbor(v[k]) for k in keys)
    raise TypeError(v)

class Repo:
    def __init__(self, did):
        self.did, self.blocks = did, []
    def add(self, value):
        data = cbor(value)
        cid = b"\x01\x71\x12\x20" + hashlib.sha256(data).digest()
        self.blocks.append((cid, data))
        return cid
    def car(self, records):
        # One tree node holds every entry (keys sorted, prefix-compressed): a valid MST for a reader.
        entries, prev = [], b""
        for key in sorted(records):
            k = key.encode()
            p = 0
            while p < min(len(k), len(prev)) and k[p] == prev[p]: p += 1
            entries.append({"p": p, "k": k[p:], "v": Link(records[key]), "t": None})
            prev = k
        node = self.add({"l": None, "e": entries})
        commit = self.add({"did": self.did, "version": 3, "data": Link(node), "rev": "3lbx", "prev": None, "sig": b"\x07" * 64})
        header = cbor({"roots": [Link(commit)], "version": 1})
        out = varint(len(header)) + header
        # goat writes the commit first.
        for cid, data in [self.blocks[-1]] + self.blocks[:-1]:
            out += varint(len(cid) + len(data)) + cid + data
        return out

def write(rel, data):
    path = os.path.join(EXPORTS, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f: f.write(data if isinstance(data, bytes) else data.encode())

CLINIC = "did:plc:riverclinic0000000000000"
OAK = "did:plc:oakfund00000000000000000"
OTHER = "did:plc:someoneelse000000000000"

# riverclinic on Bluesky (file named as goat names it; the registry lists clinic.bsky.social).
r = Repo(CLINIC)
b1 = r.add({"$type": "app.bsky.feed.post", "text": "Garden notes from the river path", "createdAt": "2024-11-15T09:00:00.000-05:00", "langs": ["en"]})
b2 = r.add({"$type": "app.bsky.feed.repost", "createdAt": "2024-11-16T10:00:00Z",
            "subject": {"uri": "at://" + CLINIC + "/app.bsky.feed.post/3lb1", "cid": "bafy"}})
follow = r.add({"$type": "app.bsky.graph.follow", "createdAt": "2024-11-15T08:00:00Z", "subject": OTHER})
write("bsky/clinic.bsky.social.1733000000.car", r.car({"app.bsky.feed.post/3lb1": b1, "app.bsky.feed.repost/3lb2": b2,
                                                       "app.bsky.graph.follow/3lb0": follow}))

# oakfund on Bluesky: a folder that names nobody; the registry lists the DID.
o = Repo(OAK)
o1 = o.add({"$type": "app.bsky.feed.post", "text": "Agreed, the river path is lovely", "createdAt": "2024-12-01T12:00:00Z",
            "reply": {"root": {"uri": "at://" + OTHER + "/app.bsky.feed.post/3x", "cid": "bafy"},
                      "parent": {"uri": "at://" + OTHER + "/app.bsky.feed.post/3x", "cid": "bafy"}}})
like = o.add({"$type": "app.bsky.feed.like", "createdAt": "2024-12-01T12:01:00Z",
              "subject": {"uri": "at://" + OTHER + "/app.bsky.feed.post/3x", "cid": "bafy"}})
write("oak-export/repo.car", o.car({"app.bsky.feed.post/3lc1": o1, "app.bsky.feed.like/3lc2": like}))

# riverclinic on Mastodon as @clinic@health.social (the registry lists it): no folder names it.
actor = "https://health.social/users/clinic"
write("mastodon/outbox.json", json.dumps({
    "@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection", "totalItems": 2,
    "orderedItems": [
        {"type": "Create", "actor": actor, "published": "2022-11-21T15:00:00Z",
         "object": {"type": "Note", "id": actor + "/statuses/1000001", "published": "2022-11-21T15:00:00Z",
                    "attributedTo": actor, "content": "<p>Hello from the clinic garden</p>",
                    "likes": {"totalItems": 4}, "shares": {"totalItems": 1}}},
        {"type": "Announce", "actor": actor, "id": actor + "/statuses/1000002/activity", "published": "2022-12-02T08:30:00Z",
         "object": "https://other.example/users/nurse/statuses/77"},
    ]}, indent=1) + "\n")

HEADER = "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n"
write("riverclinic/tweets.csv", HEADER
      + "900000000000000001,,,2022-10-05 14:00:00 +0000,web,Morning notes from the ward,,,,\n"
      + "900000000000000002,800000000000000009,12345,2022-11-10 09:15:00 +0000,web,@someone noted with care,,,,\n"
      + "1000001,,,2022-11-20 18:00:00 +0000,web,Evening notes from the ward,,,,\n")
write("cityzoo/tweets.csv", HEADER + "900000000000000101,,,2023-01-10 11:00:00 +0000,web,Penguin notes,,,,\n")
