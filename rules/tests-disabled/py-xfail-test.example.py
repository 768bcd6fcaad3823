# gatehouse-example-path: tests/test_pricing.py
# Examples for tests-disabled/py-xfail-test. `expect:` lines must fire, `ok:` lines must stay quiet.
import sys
import unittest

import pytest

from shop.pricing import price


# expect: tests-disabled/py-xfail-test
@pytest.mark.xfail(reason="rounding changed")
def test_price_rounding():
    assert price("sku-1", quantity=3) == 29.97


# expect: tests-disabled/py-xfail-test
@pytest.mark.xfail
def test_price_bulk_discount():
    assert price("sku-1", quantity=100) == 900


class TestCurrency(unittest.TestCase):
    # expect: tests-disabled/py-xfail-test
    @unittest.expectedFailure
    def test_eur(self):
        self.assertEqual(price("sku-1", currency="EUR"), 9.2)


def test_tax():
    # expect: tests-disabled/py-xfail-test
    pytest.xfail("tax tables are being rewritten")
    assert price("sku-1", tax=True) == 11.9


# ok: tests-disabled/py-xfail-test
@pytest.mark.xfail(sys.platform == "win32", reason="float formatting differs on Windows")
def test_price_format():
    assert f"{price('sku-1'):.2f}" == "9.99"


# ok: tests-disabled/py-xfail-test
@pytest.mark.xfail(raises=ZeroDivisionError, strict=True)
def test_price_zero_quantity_raises():
    price("sku-1", quantity=0)


# ok: tests-disabled/py-xfail-test
@pytest.mark.parametrize("quantity", [1, 2])
def test_price_positive(quantity):
    assert price("sku-1", quantity=quantity) > 0


def test_legacy_api():
    if sys.version_info < (3, 10):
        # ok: tests-disabled/py-xfail-test
        pytest.xfail("legacy API needs 3.10")
    assert price("sku-1")
