"""localstripe with the parts of Stripe Connect that Caravan uses, which it lacks: Express
accounts, account links to a hosted onboarding page, and transfers that keep their
idempotency keys as Stripe does. Runs localstripe's own server with these routes added.

    localstripe-connect.py --port 8420 [--from-scratch]
"""

import html
import time
import urllib.parse

from aiohttp import web
from localstripe import server
from localstripe.errors import UserError
from localstripe.resources import Event, StripeObject, store
from localstripe.server import app, get_post_data, json_response, unflatten_data
from localstripe.webhooks import schedule_webhook


class Account(StripeObject):
    object = 'account'
    _id_prefix = 'acct_'

    def __init__(self, type=None, email=None, country=None, capabilities=None,
                 metadata=None, business_type=None, **kwargs):
        if kwargs:
            raise UserError(400, 'Unexpected ' + ', '.join(kwargs.keys()))
        if type not in ('express', 'standard', 'custom'):
            raise UserError(400, 'Invalid type: must be express, standard or custom')
        super().__init__()
        self.type = type
        self.email = email
        self.country = country or 'US'
        self.business_type = business_type
        self.metadata = metadata or {}
        self.details_submitted = False
        self.charges_enabled = False
        self.payouts_enabled = False
        self.capabilities = {'transfers': 'inactive'}

    def _onboard(self):
        self.details_submitted = True
        self.charges_enabled = True
        self.payouts_enabled = True
        self.capabilities = {'transfers': 'active'}
        store['account:' + self.id] = self  # saved to disk like localstripe's own writes
        schedule_webhook(Event('account.updated', self))


class Transfer(StripeObject):
    object = 'transfer'
    _id_prefix = 'tr_'

    def __init__(self, amount=None, currency=None, destination=None,
                 description=None, metadata=None, transfer_group=None, **kwargs):
        if kwargs:
            raise UserError(400, 'Unexpected ' + ', '.join(kwargs.keys()))
        try:
            amount = int(amount)
            assert amount > 0
            assert isinstance(currency, str) and len(currency) == 3
        except (TypeError, ValueError, AssertionError):
            raise UserError(400, 'Bad request')
        account = Account._api_retrieve(destination)
        if account.capabilities.get('transfers') != 'active':
            raise UserError(400, 'Your destination account needs to have at least one of the following '
                            'capabilities enabled: transfers, crypto_transfers, legacy_payments',
                            {'code': 'insufficient_capabilities_for_transfer'})
        super().__init__()
        self.amount = amount
        self.currency = currency
        self.destination = destination
        self.description = description
        self.metadata = metadata or {}
        self.transfer_group = transfer_group
        self.reversed = False
        schedule_webhook(Event('transfer.created', self))


# Stripe answers a repeated request with the first answer for its key.
_idempotent = {}


def idempotent(create):
    async def handler(request):
        key = request.headers.get('Idempotency-Key')
        if key and key in _idempotent:
            return json_response(_idempotent[key])
        data = await get_post_data(request) or {}
        answer = create(**data)._export()
        if key:
            _idempotent[key] = answer
        return json_response(answer)
    return handler


def retrieve(cls):
    def handler(request):
        return json_response(cls._api_retrieve(request.match_info['id'])._export())
    return handler


def list_all(cls, url):
    def handler(request):
        data = unflatten_data(request.query)
        # Stripe lists an account's transfers by `destination`.
        destination = data.pop('destination', None)
        listed = cls._api_list_all(url, **data)
        if destination is not None:
            listed._list = [t for t in listed._list if t.destination == destination]
        return json_response(listed._export())
    return handler


async def create_account_link(request):
    data = await get_post_data(request) or {}
    account = Account._api_retrieve(data.get('account', ''))
    for url in ('return_url', 'refresh_url'):
        if not str(data.get(url, '')).startswith(('http://', 'https://')):
            raise UserError(400, 'Invalid ' + url)
    query = urllib.parse.urlencode({'return_url': data['return_url']})
    host = request.headers.get('Host', request.host)
    return json_response({
        'object': 'account_link',
        'created': int(time.time()),
        'expires_at': int(time.time()) + 300,
        'url': 'http://%s/_config/connect/onboard/%s?%s' % (host, account.id, query),
    })


def onboarding_page(request):
    account = Account._api_retrieve(request.match_info['id'])
    back = html.escape(request.query.get('return_url', ''))
    return web.Response(content_type='text/html', text=(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe onboarding (localstripe)</title>'
        '</head><body><main><h1>Set up payouts for %s</h1>'
        '<form method="post"><input type="hidden" name="return_url" value="%s">'
        '<button type="submit">Agree and submit</button></form></main></body></html>'
        % (html.escape(account.email or account.id), back)))


async def complete_onboarding(request):
    account = Account._api_retrieve(request.match_info['id'])
    account._onboard()
    data = await request.post()
    raise web.HTTPSeeOther(data.get('return_url') or '/')


app.router.add_post('/v1/accounts', idempotent(Account))
app.router.add_get('/v1/accounts/{id}', retrieve(Account))
app.router.add_get('/v1/accounts', list_all(Account, '/v1/accounts'))
app.router.add_post('/v1/account_links', create_account_link)
app.router.add_post('/v1/transfers', idempotent(Transfer))
app.router.add_get('/v1/transfers/{id}', retrieve(Transfer))
app.router.add_get('/v1/transfers', list_all(Transfer, '/v1/transfers'))
app.router.add_get('/_config/connect/onboard/{id}', onboarding_page)
app.router.add_post('/_config/connect/onboard/{id}', complete_onboarding)

if __name__ == '__main__':
    server.start()
