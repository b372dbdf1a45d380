#!/usr/bin/env python3
"""The launch of `cargo bench --bench launch`, scripted call by call with Meta's Python SDK.

    python sdk_launch.py PLAN.json

PLAN.json (written by benches/launch.rs) holds the sandbox's base URL, the token, the API
version, the ad account's digits, and the parameters dcw sends for the campaign, the ad set,
the creative and the ad, with the image files to upload. The script makes the 14 calls a
developer would make with `facebook-business`, one after another: the campaign, the ad set,
the ten image uploads, the creative, the ad. No dry runs, no reads. Only `FacebookSession.GRAPH`
points the SDK at the sandbox (as tests/sdk/conformance.py does).

Prints one JSON line on stdout: {"elapsed_ms": ..., "requests": ...}, the wall time of the 14
calls alone (the interpreter's start and the SDK's import are not counted). Exit 2 when the SDK
is missing, 1 when a call fails.
"""

import json
import logging
import os
import sys
import time
import warnings

try:
    from facebook_business.api import FacebookAdsApi
    from facebook_business.session import FacebookSession
    from facebook_business.adobjects.adaccount import AdAccount
    from facebook_business.adobjects.adimage import AdImage
except ImportError as e:  # pragma: no cover
    sys.stderr.write("facebook-business is not installed (%s); run: bash .ci/setup-tests\n" % e)
    sys.exit(2)


def launch(plan):
    act = "act_" + plan["account"]
    account = AdAccount(act)
    campaign = account.create_campaign(params=plan["campaign"])
    ad_set = dict(plan["ad_set"], campaign_id=campaign["id"])
    ad_set = account.create_ad_set(params=ad_set)
    hashes = {}
    for path in plan["images"]:
        image = AdImage(parent_id=act)
        image[AdImage.Field.filename] = path
        image.remote_create()
        hashes[path] = image.get_hash()
    creative = plan["creative"]
    # dcw's creative parameters name each image by its file; the SDK's uploads gave the hashes.
    for img in creative["asset_feed_spec"]["images"]:
        img["hash"] = hashes[img["hash"]]
    creative = account.create_ad_creative(params=creative)
    ad = dict(plan["ad"], adset_id=ad_set["id"], creative={"creative_id": creative["id"]})
    return account.create_ad(params=ad)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python sdk_launch.py PLAN.json\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    base = plan["base_url"].rstrip("/")
    # requests honours HTTP(S)_PROXY even for loopback unless NO_PROXY lists the host.
    host = base.split("://", 1)[-1].split("/")[0].rsplit(":", 1)[0]
    for var in ("NO_PROXY", "no_proxy"):
        os.environ[var] = ",".join(x for x in (os.environ.get(var, ""), host) if x)
    logging.getLogger().setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    FacebookSession.GRAPH = base
    api = FacebookAdsApi.init(access_token=plan["token"], api_version=plan["api_version"])
    started = time.perf_counter()
    try:
        ad = launch(plan)
    except Exception as e:  # the SDK's errors and anything else: the bench reports it
        sys.stderr.write("the SDK launch failed: %s: %s\n" % (type(e).__name__, e))
        return 1
    elapsed = time.perf_counter() - started
    if not ad.get("id"):
        sys.stderr.write("the ad came back without an id: %r\n" % (ad.export_all_data(),))
        return 1
    print(json.dumps({"elapsed_ms": elapsed * 1000.0,
                      "requests": api.get_num_requests_attempted()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
