#!/usr/bin/env python3
"""SDK conformance: Meta's official Python Business SDK against the dcw sandbox.

    python conformance.py http://127.0.0.1:PORT TOKEN IMAGE_PATH

Runs a whole dynamic-creative launch through `facebook-business` (v26.x) with
nothing changed but `FacebookSession.GRAPH`, using only public SDK object
methods. Prints one `ok <step>` line per step on stdout. Any failure prints
`FAIL <step>: <why>` on stderr and exits 1 (2 for bad usage / SDK missing).

Notes on what the SDK does on the wire are in target/sdk-notes.md.
"""

import datetime
import logging
import os
import re
import sys
import time
import traceback
import warnings

USAGE = "usage: python conformance.py http://127.0.0.1:PORT TOKEN IMAGE_PATH"

try:
    from facebook_business.api import FacebookAdsApi
    from facebook_business.session import FacebookSession
    from facebook_business.exceptions import FacebookError, FacebookRequestError
    from facebook_business.adobjects.abstractobject import AbstractObject
    from facebook_business.adobjects.user import User
    from facebook_business.adobjects.adaccount import AdAccount
    from facebook_business.adobjects.campaign import Campaign
    from facebook_business.adobjects.adset import AdSet
    from facebook_business.adobjects.adimage import AdImage
    from facebook_business.adobjects.adcreative import AdCreative
    from facebook_business.adobjects.ad import Ad
except ImportError as e:  # pragma: no cover
    sys.stderr.write("FAIL setup: facebook-business is not installed (%s)\n" % e)
    sys.exit(2)

API_VERSION = "v26.0"
DIGITS = re.compile(r"^[0-9]+$")
ACT_ID = re.compile(r"^act_[0-9]+$")
HASH32 = re.compile(r"^[0-9a-f]{32}$")
EFFECTIVE_STATUSES = {
    "ACTIVE", "ADSET_PAUSED", "ARCHIVED", "CAMPAIGN_PAUSED", "DELETED",
    "DISAPPROVED", "IN_PROCESS", "PAUSED", "PENDING_BILLING_INFO",
    "PENDING_REVIEW", "PREAPPROVED", "WITH_ISSUES",
}


class StepFailed(Exception):
    pass


_current_step = ["setup"]


def step(name):
    _current_step[0] = name


def ok(name, detail=""):
    line = "ok " + name
    if detail:
        line += "  (" + detail + ")"
    print(line, flush=True)


def check(cond, msg):
    if not cond:
        raise StepFailed(msg)


def check_digits(value, what):
    check(isinstance(value, str) and DIGITS.match(value) is not None,
          "%s must be a digit string, got %r" % (what, value))
    return value


def plain(value):
    """An SDK value (AbstractObject, list, dict) as plain JSON-ish data."""
    if isinstance(value, AbstractObject):
        return value.export_all_data()
    return value


def iso_in_days(days):
    t = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    t += datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%S+0000")


def expect_request_error(what, fn):
    """Runs fn, which must raise FacebookRequestError with code 100."""
    try:
        fn()
    except FacebookRequestError as e:
        code = e.api_error_code()
        msg = e.api_error_message()
        check(code == 100, "%s: expected api_error_code() == 100, got %r (body %r)"
              % (what, code, e.body()))
        check(isinstance(msg, str) and msg.strip() != "",
              "%s: api_error_message() must be a non-empty string, got %r" % (what, msg))
        status = e.http_status()
        check(isinstance(status, int) and 400 <= status < 500,
              "%s: expected an HTTP 4xx status, got %r" % (what, status))
        return e
    raise StepFailed("%s: the request was accepted; expected FacebookRequestError code 100" % what)


def run(base_url, token, image_path):
    run_tag = "sdkconf-%d" % int(time.time())

    # ---- setup: the base URL is the only thing that changes ----------------
    step("init")
    FacebookSession.GRAPH = base_url
    api = FacebookAdsApi.init(access_token=token, api_version=API_VERSION)
    check(api is FacebookAdsApi.get_default_api(), "FacebookAdsApi.init did not set the default api")
    ok("init", FacebookSession.GRAPH + "/" + API_VERSION)

    # ---- ad accounts ---------------------------------------------------------
    step("ad_accounts")
    accounts = list(User(fbid="me").get_ad_accounts(
        fields=["id", "name", "currency", "timezone_name", "account_status"]))
    check(len(accounts) >= 2, "expected at least 2 ad accounts, got %d" % len(accounts))
    for a in accounts:
        check(isinstance(a, AdAccount), "edge item is %r, not an AdAccount" % type(a))
        check(isinstance(a.get("id"), str) and ACT_ID.match(a["id"]) is not None,
              "ad account id must look like act_<digits>, got %r" % a.get("id"))
        for f in ("name", "currency", "timezone_name"):
            check(isinstance(a.get(f), str) and a[f] != "",
                  "ad account %s: %s must be a non-empty string, got %r" % (a["id"], f, a.get(f)))
        check(isinstance(a.get("account_status"), int) and not isinstance(a.get("account_status"), bool),
              "ad account %s: account_status must be an integer, got %r" % (a["id"], a.get("account_status")))
    ids = [a["id"] for a in accounts]
    check(len(set(ids)) == len(ids), "ad account ids repeat across pages: %r" % ids)
    usd = [a for a in accounts if a["currency"] == "USD"]
    jpy = [a for a in accounts if a["currency"] == "JPY"]
    check(len(usd) >= 1, "no USD ad account among %r" % [(a["id"], a["currency"]) for a in accounts])
    check(len(jpy) >= 1, "no JPY ad account among %r" % [(a["id"], a["currency"]) for a in accounts])
    account = usd[0]
    act_id = account["id"]
    check(account["account_status"] == 1, "USD account %s is not active (account_status %r)"
          % (act_id, account["account_status"]))
    ok("ad_accounts", "%d accounts; using %s %s" % (len(accounts), act_id, account["name"]))

    # ---- pages ---------------------------------------------------------------
    step("pages")
    pages = list(User(fbid="me").get_accounts(fields=["id", "name"]))
    check(len(pages) >= 1, "expected at least one page")
    for p in pages:
        check_digits(p.get("id"), "page id")
        check(isinstance(p.get("name"), str) and p["name"] != "", "page name must be a non-empty string")
    page_id = pages[0]["id"]
    ok("pages", "%d page(s); using %s" % (len(pages), page_id))

    # ---- pixels --------------------------------------------------------------
    step("pixels")
    pixels = list(AdAccount(act_id).get_ads_pixels(fields=["id", "name"]))
    check(len(pixels) >= 1, "expected at least one pixel on %s" % act_id)
    for px in pixels:
        check_digits(px.get("id"), "pixel id")
        check(isinstance(px.get("name"), str) and px["name"] != "", "pixel name must be a non-empty string")
    pixel_id = pixels[0]["id"]
    ok("pixels", "%d pixel(s); using %s" % (len(pixels), pixel_id))

    # ---- campaign ------------------------------------------------------------
    step("create_campaign")
    campaign_name = run_tag + " campaign"
    campaign = AdAccount(act_id).create_campaign(params={
        Campaign.Field.name: campaign_name,
        Campaign.Field.objective: Campaign.Objective.outcome_sales,
        Campaign.Field.special_ad_categories: [],
        Campaign.Field.status: Campaign.Status.paused,
        "is_adset_budget_sharing_enabled": False,
        Campaign.Field.buying_type: "AUCTION",
    })
    check(isinstance(campaign, AbstractObject), "create_campaign returned %r" % type(campaign))
    campaign_id = check_digits(campaign.get("id"), "campaign id")
    ok("create_campaign", campaign_id)

    # ---- ad set --------------------------------------------------------------
    step("create_ad_set")
    adset_name = run_tag + " ad set"
    adset = AdAccount(act_id).create_ad_set(params={
        AdSet.Field.name: adset_name,
        AdSet.Field.campaign_id: campaign_id,
        AdSet.Field.is_dynamic_creative: True,
        AdSet.Field.optimization_goal: AdSet.OptimizationGoal.offsite_conversions,
        AdSet.Field.billing_event: AdSet.BillingEvent.impressions,
        AdSet.Field.bid_strategy: AdSet.BidStrategy.lowest_cost_without_cap,
        AdSet.Field.lifetime_budget: 50000,
        AdSet.Field.start_time: iso_in_days(10),
        AdSet.Field.end_time: iso_in_days(30),
        AdSet.Field.promoted_object: {"pixel_id": pixel_id, "custom_event_type": "PURCHASE"},
        AdSet.Field.targeting: {
            "geo_locations": {"countries": ["US"]},
            "age_min": 18,
            "age_max": 65,
            "targeting_automation": {"advantage_audience": 0},
        },
        AdSet.Field.status: AdSet.Status.paused,
    })
    check(isinstance(adset, AbstractObject), "create_ad_set returned %r" % type(adset))
    adset_id = check_digits(adset.get("id"), "ad set id")
    ok("create_ad_set", adset_id)

    # ---- image ---------------------------------------------------------------
    step("upload_image")
    image = AdImage(parent_id=act_id)
    image[AdImage.Field.filename] = image_path
    image.remote_create()
    image_hash = image.get_hash() if AdImage.Field.hash in image else None
    check(isinstance(image_hash, str) and HASH32.match(image_hash) is not None,
          "image hash must be 32 lowercase hex chars, got %r (image data %r)"
          % (image_hash, image.export_all_data()))
    url = image.get(AdImage.Field.url)
    check(url is None or (isinstance(url, str) and url != ""),
          "image url, when present, must be a non-empty string, got %r" % (url,))
    ok("upload_image", image_hash)

    # ---- creative ------------------------------------------------------------
    step("create_ad_creative")
    creative = AdAccount(act_id).create_ad_creative(params={
        AdCreative.Field.name: run_tag + " creative",
        AdCreative.Field.object_story_spec: {"page_id": page_id},
        AdCreative.Field.asset_feed_spec: {
            "images": [{"hash": image_hash}],
            "titles": [{"text": "Winter boots, warm feet"}, {"text": "Boots built for snow"}],
            "bodies": [{"text": "Waterproof leather, lined with wool."},
                       {"text": "Free returns for 60 days."}],
            "descriptions": [{"text": "Ships in 2 days"}],
            "link_urls": [{"website_url": "https://shop.example.com/"}],
            "call_to_action_types": ["SHOP_NOW"],
            "ad_formats": ["SINGLE_IMAGE"],
        },
    })
    check(isinstance(creative, AbstractObject), "create_ad_creative returned %r" % type(creative))
    creative_id = check_digits(creative.get("id"), "creative id")
    ok("create_ad_creative", creative_id)

    # ---- ad ------------------------------------------------------------------
    step("create_ad")
    ad = AdAccount(act_id).create_ad(params={
        Ad.Field.name: run_tag + " ad",
        Ad.Field.adset_id: adset_id,
        Ad.Field.creative: {"creative_id": creative_id},
        Ad.Field.status: Ad.Status.paused,
    })
    check(isinstance(ad, AbstractObject), "create_ad returned %r" % type(ad))
    ad_id = check_digits(ad.get("id"), "ad id")
    ok("create_ad", ad_id)

    # ---- reads ---------------------------------------------------------------
    step("read_ad_set")
    got = AdSet(adset_id).api_get(fields=[AdSet.Field.review_feedback])
    check(got.get("id") == adset_id, "ad set read changed the id to %r" % got.get("id"))
    check(AdSet.Field.review_feedback in got,
          "ad set read has no review_feedback: %r" % got.export_all_data())
    check(isinstance(got[AdSet.Field.review_feedback], str),
          "review_feedback must be a string, got %r" % (got[AdSet.Field.review_feedback],))
    ok("read_ad_set", "review_feedback=%r" % got[AdSet.Field.review_feedback])

    step("read_ad")
    got = Ad(ad_id).api_get(fields=[Ad.Field.effective_status, Ad.Field.configured_status,
                                    Ad.Field.ad_review_feedback])
    check(got.get("id") == ad_id, "ad read changed the id to %r" % got.get("id"))
    check(got.get(Ad.Field.configured_status) == "PAUSED",
          "configured_status must be PAUSED, got %r" % got.get(Ad.Field.configured_status))
    eff = got.get(Ad.Field.effective_status)
    check(eff in EFFECTIVE_STATUSES, "effective_status %r is not one of Graph's values" % (eff,))
    feedback = plain(got.get(Ad.Field.ad_review_feedback))
    # Graph omits ad_review_feedback when there is nothing to say; when present it is an
    # object {global: {reason: text}, placement_specific: {...}}.
    check(feedback is None or isinstance(feedback, dict),
          "ad_review_feedback, when present, must be an object, got %r" % (feedback,))
    if isinstance(feedback, dict) and "global" in feedback:
        g = feedback["global"]
        check(isinstance(g, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in g.items()),
              "ad_review_feedback.global must map strings to strings, got %r" % (g,))
    ok("read_ad", "effective_status=%s configured_status=%s ad_review_feedback=%r"
       % (eff, got.get(Ad.Field.configured_status), feedback))

    # ---- batch ---------------------------------------------------------------
    step("batch_read")
    batch = api.new_batch()
    results = {}

    def on_success(key):
        def cb(response):
            results[key] = ("success", response.json(), response.status())
        return cb

    def on_failure(key):
        def cb(response):
            results[key] = ("failure", response.body(), response.status())
        return cb

    Campaign(campaign_id).api_get(fields=[Campaign.Field.name, Campaign.Field.objective],
                                  batch=batch, success=on_success("campaign"),
                                  failure=on_failure("campaign"))
    AdSet(adset_id).api_get(fields=[AdSet.Field.name, AdSet.Field.optimization_goal,
                                    AdSet.Field.campaign_id],
                            batch=batch, success=on_success("adset"), failure=on_failure("adset"))
    check(len(batch) == 2, "batch holds %d calls, expected 2" % len(batch))
    retry = batch.execute()
    check(retry is None, "batch returned %d null entries (would be retried)" % (len(retry) if retry else 0))
    for key in ("campaign", "adset"):
        check(key in results, "no callback was called for the %s entry" % key)
        outcome, body, status = results[key]
        check(outcome == "success", "%s entry failed: status %r body %r" % (key, status, body))
        check(isinstance(body, dict), "%s entry body is not a JSON object: %r" % (key, body))
    c = results["campaign"][1]
    check(c.get("id") == campaign_id, "batch campaign id %r != %r" % (c.get("id"), campaign_id))
    check(c.get("name") == campaign_name, "batch campaign name %r != %r" % (c.get("name"), campaign_name))
    check(c.get("objective") == "OUTCOME_SALES", "batch campaign objective %r" % (c.get("objective"),))
    s = results["adset"][1]
    check(s.get("id") == adset_id, "batch ad set id %r != %r" % (s.get("id"), adset_id))
    check(s.get("name") == adset_name, "batch ad set name %r != %r" % (s.get("name"), adset_name))
    check(s.get("optimization_goal") == "OFFSITE_CONVERSIONS",
          "batch ad set optimization_goal %r" % (s.get("optimization_goal"),))
    check(s.get("campaign_id") == campaign_id,
          "batch ad set campaign_id %r != %r" % (s.get("campaign_id"), campaign_id))
    ok("batch_read", "2/2 entries")

    # ---- errors --------------------------------------------------------------
    step("error_legacy_objective")
    e = expect_request_error("campaign with objective CONVERSIONS", lambda: AdAccount(act_id).create_campaign(params={
        Campaign.Field.name: run_tag + " legacy objective",
        Campaign.Field.objective: "CONVERSIONS",
        Campaign.Field.special_ad_categories: [],
        Campaign.Field.status: Campaign.Status.paused,
        "is_adset_budget_sharing_enabled": False,
    }))
    ok("error_legacy_objective", "code=%s subcode=%s message=%r"
       % (e.api_error_code(), e.api_error_subcode(), e.api_error_message()))

    step("error_goal_mismatch")
    e = expect_request_error("ad set with optimization_goal APP_INSTALLS under OUTCOME_SALES",
                             lambda: AdAccount(act_id).create_ad_set(params={
        AdSet.Field.name: run_tag + " wrong goal",
        AdSet.Field.campaign_id: campaign_id,
        AdSet.Field.is_dynamic_creative: True,
        AdSet.Field.optimization_goal: AdSet.OptimizationGoal.app_installs,
        AdSet.Field.billing_event: AdSet.BillingEvent.impressions,
        AdSet.Field.bid_strategy: AdSet.BidStrategy.lowest_cost_without_cap,
        AdSet.Field.lifetime_budget: 50000,
        AdSet.Field.start_time: iso_in_days(10),
        AdSet.Field.end_time: iso_in_days(30),
        AdSet.Field.promoted_object: {"pixel_id": pixel_id, "custom_event_type": "PURCHASE"},
        AdSet.Field.targeting: {
            "geo_locations": {"countries": ["US"]},
            "age_min": 18,
            "age_max": 65,
            "targeting_automation": {"advantage_audience": 0},
        },
        AdSet.Field.status: AdSet.Status.paused,
    }))
    ok("error_goal_mismatch", "code=%s subcode=%s message=%r"
       % (e.api_error_code(), e.api_error_subcode(), e.api_error_message()))

    print("ok all  (%d requests, %d succeeded)"
          % (api.get_num_requests_attempted(), api.get_num_requests_succeeded()), flush=True)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(USAGE + "\n")
        return 2
    base_url, token, image_path = argv[1], argv[2], argv[3]
    if not re.match(r"^https?://[^/]+", base_url):
        sys.stderr.write("bad base URL %r\n%s\n" % (base_url, USAGE))
        return 2
    if not os.path.isfile(image_path):
        sys.stderr.write("image %r is not a file\n%s\n" % (image_path, USAGE))
        return 2
    # The SDK joins GRAPH + "/" + version, so a trailing slash would give "//v26.0".
    base_url = base_url.rstrip("/")
    # requests honours HTTP(S)_PROXY even for loopback unless NO_PROXY lists the host;
    # make sure the sandbox is reached directly. (Environment only; the SDK is untouched.)
    host = re.sub(r"^https?://", "", base_url).split("/")[0].rsplit(":", 1)[0].strip("[]")
    for var in ("NO_PROXY", "no_proxy"):
        os.environ[var] = ",".join(x for x in (os.environ.get(var, ""), host) if x)
    # The SDK logs deprecation notes (AdImage parent_id, remote_create) through logging;
    # keep stdout to the `ok` lines.
    logging.getLogger().setLevel(logging.ERROR)
    warnings.simplefilter("default")
    try:
        run(base_url, token, image_path)
    except StepFailed as e:
        sys.stderr.write("FAIL %s: %s\n" % (_current_step[0], e))
        return 1
    except FacebookRequestError as e:
        sys.stderr.write("FAIL %s: the sandbox answered with an error: code=%r subcode=%r message=%r\n%s\n"
                         % (_current_step[0], e.api_error_code(), e.api_error_subcode(),
                            e.api_error_message(), e))
        return 1
    except FacebookError as e:
        sys.stderr.write("FAIL %s: SDK error %s: %s\n" % (_current_step[0], type(e).__name__, e))
        return 1
    except Exception as e:  # a response shape the SDK could not digest
        sys.stderr.write("FAIL %s: %s: %s\n%s" % (_current_step[0], type(e).__name__, e,
                                                  traceback.format_exc()))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
