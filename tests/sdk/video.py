#!/usr/bin/env python3
"""SDK conformance for videos: Meta's Python Business SDK uploads a video to the dcw sandbox.

    python video.py http://127.0.0.1:PORT TOKEN VIDEO_PATH

`AdVideo.remote_create()` drives the SDK's own chunked uploader (`video_uploader.py`: start,
transfer windows, finish), then reads the video's status, its thumbnails and the account's
videos. The uploader sends every phase to Meta's video host through `url_override`; the only
change made here points that override at the sandbox, and any other override is refused
before a request is made, so nothing leaves loopback. Prints `ok <step>` lines; a failure
prints `FAIL <step>: <why>` on stderr and exits 1 (2 for bad usage / SDK missing).
"""

import logging
import os
import re
import sys
import traceback

USAGE = "usage: python video.py http://127.0.0.1:PORT TOKEN VIDEO_PATH"

try:
    from facebook_business import video_uploader
    from facebook_business.api import FacebookAdsApi
    from facebook_business.session import FacebookSession
    from facebook_business.exceptions import FacebookError, FacebookRequestError
    from facebook_business.adobjects.adaccount import AdAccount
    from facebook_business.adobjects.advideo import AdVideo
except ImportError as e:  # pragma: no cover
    sys.stderr.write("FAIL setup: facebook-business is not installed (%s)\n" % e)
    sys.exit(2)

API_VERSION = "v26.0"
ACCOUNT = "act_1234567890"
DIGITS = re.compile(r"^[0-9]+$")

_step = ["setup"]


class StepFailed(Exception):
    pass


def step(name):
    _step[0] = name


def ok(name, detail=""):
    print("ok " + name + ("  (" + detail + ")" if detail else ""), flush=True)


def check(cond, msg):
    if not cond:
        raise StepFailed(msg)


def point_uploader_at(base_url):
    """The uploader's requests go to `base_url`; the API refuses any other override."""
    api_call = FacebookAdsApi.call

    def guarded_call(self, method, path, params=None, headers=None, files=None,
                     url_override=None, api_version=None):
        if url_override is not None and url_override != base_url:
            raise StepFailed("a request would have left the sandbox: %r" % url_override)
        return api_call(self, method, path, params=params, headers=headers, files=files,
                        url_override=url_override, api_version=api_version)

    FacebookAdsApi.call = guarded_call

    def send(self, path):
        return self._api.call('POST', path, params=self._params, files=self._files,
                              url_override=base_url)

    video_uploader.VideoUploadRequest.send = send


def run(base_url, token, video_path):
    FacebookSession.GRAPH = base_url
    FacebookAdsApi.init(access_token=token, api_version=API_VERSION)
    point_uploader_at(base_url)
    size = os.path.getsize(video_path)

    step("upload_video")
    video = AdVideo(parent_id=ACCOUNT)
    video[AdVideo.Field.filepath] = video_path
    video.remote_create()
    video_id = video["id"]
    check(isinstance(video_id, str) and DIGITS.match(video_id), "video id %r" % video_id)
    ok("upload_video", "%s, %d bytes" % (video_id, size))

    step("wait_until_ready")
    video.waitUntilEncodingReady(interval=1, timeout=20)
    read = AdVideo(video_id).api_get(fields=["status", "title", "length"])
    status = read["status"]
    check(status["video_status"] == "ready", "status %r" % status)
    check(status["uploading_phase"]["bytes_transferred"] == size, "bytes %r" % status)
    check(read["title"] == os.path.basename(video_path), "title %r" % read["title"])
    ok("wait_until_ready", "length %r" % read.get("length"))

    step("thumbnails")
    thumbs = list(AdVideo(video_id).get_thumbnails())
    preferred = [t for t in thumbs if t["is_preferred"]]
    check(len(thumbs) >= 1 and len(preferred) == 1, "thumbnails %r" % thumbs)
    check(preferred[0]["uri"].startswith(base_url), "uri %r" % preferred[0]["uri"])
    ok("thumbnails", "%d" % len(thumbs))

    step("account_videos")
    listed = [v["id"] for v in AdAccount(ACCOUNT).get_ad_videos(fields=["title"])]
    check(listed == [video_id], "listed %r" % listed)
    ok("account_videos")


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(USAGE + "\n")
        return 2
    base_url, token, video_path = argv[1].rstrip("/"), argv[2], argv[3]
    if not re.match(r"^http://(127\.0\.0\.1|localhost|\[::1\]):[0-9]+$", base_url):
        sys.stderr.write("not a loopback base URL %r\n%s\n" % (base_url, USAGE))
        return 2
    host = re.sub(r"^http://", "", base_url).rsplit(":", 1)[0].strip("[]")
    for var in ("NO_PROXY", "no_proxy"):
        os.environ[var] = ",".join(x for x in (os.environ.get(var, ""), host) if x)
    logging.getLogger().setLevel(logging.ERROR)
    try:
        run(base_url, token, video_path)
    except StepFailed as e:
        sys.stderr.write("FAIL %s: %s\n" % (_step[0], e))
        return 1
    except FacebookRequestError as e:
        sys.stderr.write("FAIL %s: the sandbox answered with an error: code=%r subcode=%r message=%r\n"
                         % (_step[0], e.api_error_code(), e.api_error_subcode(), e.api_error_message()))
        return 1
    except FacebookError as e:
        sys.stderr.write("FAIL %s: SDK error %s: %s\n" % (_step[0], type(e).__name__, e))
        return 1
    except Exception as e:  # an answer the SDK could not digest
        sys.stderr.write("FAIL %s: %s: %s\n%s" % (_step[0], type(e).__name__, e, traceback.format_exc()))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
