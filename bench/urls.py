"""The site's URLs plus ``/__bench__/ok/``; only ``bench.wsgi`` (started by the harness) uses it."""

from django.urls import path

from kohorta.urls import urlpatterns as site_urlpatterns

from .views import ok

urlpatterns = [path("__bench__/ok/", ok, name="bench_ok"), *site_urlpatterns]
