from django.urls import path

from hts.portal.contest import views

urlpatterns = [
    path("", views.home, name="portal-contest-home"),
    path("new/", views.contest_new, name="portal-contest-new"),
    path("mine/", views.mine, name="portal-contest-mine"),
    path("judging/", views.judging, name="portal-contest-judging"),
    path("<uuid:uid>/", views.public, name="portal-contest-public"),
    path("<uuid:uid>/book.pdf", views.public_book, name="portal-contest-book"),
    path("<uuid:uid>/manage/", views.manage, name="portal-contest-manage"),
    path("<uuid:uid>/step/<slug:name>/", views.step, name="portal-contest-step"),
    path("<uuid:uid>/judges/<int:judge>/remove/", views.judge_remove, name="portal-contest-judge-remove"),
    path("<uuid:uid>/book/make/", views.book_make, name="portal-contest-book-make"),
    path("<uuid:uid>/call/", views.call, name="portal-contest-call"),
    path("<uuid:uid>/enter/", views.entry_new, name="portal-contest-enter"),
    path("entry/<uuid:uid>/edit/", views.entry_edit, name="portal-contest-entry-edit"),
    path("entry/<uuid:uid>/certificate/", views.certificate, name="portal-contest-certificate"),
    path("<uuid:uid>/judge/", views.judge_index, name="portal-contest-judge"),
    path("<uuid:uid>/judge/<str:code>/", views.judge_sheet, name="portal-contest-sheet"),
    path("<uuid:uid>/judge/<str:code>/document/", views.judge_document, name="portal-contest-judge-document"),
    path("<uuid:uid>/notice/", views.notice, name="portal-contest-notice"),
]
