from django.urls import path

from hts.corps.appointment import views

urlpatterns = [
    path("", views.home, name="corps-appointment-home"),
    path("mine/", views.mine, name="corps-appointment-mine"),
    path("school/<uuid:school_uid>/", views.school_rounds, name="corps-appointment-school"),
    path("round/<uuid:uid>/", views.round_detail, name="corps-appointment-round"),
    path("round/<uuid:uid>/step/<slug:name>/", views.step, name="corps-appointment-step"),
    path("round/<uuid:uid>/posts/remove/", views.post_remove, name="corps-appointment-post-remove"),
    path("round/<uuid:uid>/apply/", views.apply, name="corps-appointment-apply"),
    path("round/<uuid:uid>/object/", views.object_to, name="corps-appointment-object"),
    path("round/<uuid:uid>/letters.docx", views.letters_docx, name="corps-appointment-letters-docx"),
    path("round/<uuid:uid>/letters.pdf", views.letters_pdf, name="corps-appointment-letters-pdf"),
    path("application/<uuid:uid>/", views.application_detail, name="corps-appointment-application"),
    path("application/<uuid:uid>/schedule/", views.schedule, name="corps-appointment-schedule"),
    path("application/<uuid:uid>/form.docx", views.application_docx, name="corps-appointment-form-docx"),
    path("application/<uuid:uid>/form.pdf", views.application_pdf, name="corps-appointment-form-pdf"),
    path("objection/<uuid:uid>/decide/", views.decide, name="corps-appointment-decide"),
    path("letter/<uuid:uid>/letter.pdf", views.letter_pdf, name="corps-appointment-letter-pdf"),
    path("letter/<uuid:uid>/accept/", views.letter_accept, name="corps-appointment-accept"),
]
