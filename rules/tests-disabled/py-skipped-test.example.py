# gatehouse-example-path: tests/test_checkout.py
# Examples for tests-disabled/py-skipped-test. `expect:` lines must fire, `ok:` lines must stay quiet.
import sys
import unittest

import pytest

from shop.checkout import checkout, refund


# expect: tests-disabled/py-skipped-test
@pytest.mark.skip(reason="flaky on CI")
def test_refund_paid_order():
    assert refund("order-1").status == "refunded"


# expect: tests-disabled/py-skipped-test
@pytest.mark.skip
def test_refund_partial():
    assert refund("order-2", amount=5).status == "partially_refunded"


# expect: tests-disabled/py-skipped-test
@pytest.mark.skipif(True, reason="TODO fix")
def test_checkout_with_coupon():
    assert checkout(["sku-1"], coupon="SAVE10").total == 90


def test_checkout_with_gift_card():
    # expect: tests-disabled/py-skipped-test
    pytest.skip("gift cards are broken")
    assert checkout(["sku-1"], gift_card="GC-1").total == 0


# expect: tests-disabled/py-skipped-test
@unittest.skip("payment provider sandbox is down")
class TestPayments(unittest.TestCase):
    def test_charge(self):
        # expect: tests-disabled/py-skipped-test
        self.skipTest("not now")
        self.assertTrue(checkout(["sku-1"]).paid)


# ok: tests-disabled/py-skipped-test
@pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX file permissions")
def test_receipt_file_mode():
    assert checkout(["sku-1"]).receipt_mode == 0o600


# ok: tests-disabled/py-skipped-test
@unittest.skipUnless(sys.platform.startswith("linux"), "needs inotify")
def test_watch_inventory():
    assert True


def test_optional_dependency():
    # ok: tests-disabled/py-skipped-test
    stripe = pytest.importorskip("stripe")
    if not hasattr(stripe, "PaymentIntent"):
        # ok: tests-disabled/py-skipped-test
        pytest.skip("old stripe SDK")
    assert stripe.PaymentIntent


HAS_REDIS = False


# ok: tests-disabled/py-skipped-test
@pytest.mark.skipif(not HAS_REDIS, reason="needs a Redis server")
def test_cart_cache():
    assert checkout(["sku-1"], cache=True).total > 0


# ok: tests-disabled/py-skipped-test
@pytest.mark.parametrize("sku", ["sku-1", "sku-2"])
def test_checkout_each_sku(sku):
    assert checkout([sku]).total > 0


if sys.version_info < (3, 11):
    # ok: tests-disabled/py-skipped-test
    pytest.skip("needs ExceptionGroup", allow_module_level=True)

# expect: tests-disabled/py-skipped-test
pytest.skip("checkout suite disabled until the refactor lands", allow_module_level=True)
