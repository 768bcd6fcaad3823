# Examples for tls/py-hostname-check-disabled. `expect:` lines must fire, `ok:` lines must stay quiet.
import ssl

from ldap3 import Server, Tls

INTERNAL_CA = "/etc/ssl/certs/internal-ca.pem"


def mail_context():
    context = ssl.create_default_context(cafile=INTERNAL_CA)
    # expect: tls/py-hostname-check-disabled
    context.check_hostname = False
    return context


def ldap_server(host):
    context = ssl.create_default_context()
    # Reported once, as CERT_NONE by tls/py-verification-disabled: the hostname line is its required first step.
    # ok: tls/py-hostname-check-disabled
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return Server(host, use_ssl=True, tls=Tls(ssl_context=context))


def strict_context():
    context = ssl.create_default_context(cafile=INTERNAL_CA)
    # ok: tls/py-hostname-check-disabled
    context.check_hostname = True
    return context
