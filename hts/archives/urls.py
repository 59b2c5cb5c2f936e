from django.urls import path

from hts.archives import views

urlpatterns = [
    path("", views.my_archive, name="archives-mine"),
    path("new/", views.item_create, name="archives-create"),
    path("teacher/<uuid:uid>/", views.teacher_archive, name="archives-teacher"),
    path("teacher/<uuid:uid>/export.pdf", views.export_pdf, name="archives-export-pdf"),
    path("teacher/<uuid:uid>/export.zip", views.export_zip, name="archives-export-zip"),
    path("teacher/<uuid:uid>/appraise/", views.appraise, name="archives-appraise"),
    path("studio/<uuid:uid>/", views.studio_archive, name="archives-studio"),
    path("studio/<uuid:uid>/compilation.pdf", views.export_compilation, name="archives-compilation"),
    path("studio/<uuid:uid>/new/", views.studio_item_create, name="archives-studio-new"),
    path("items/<uuid:uid>/", views.item_detail, name="archives-item"),
    path("items/<uuid:uid>/edit/", views.item_edit, name="archives-edit"),
    path("items/<uuid:uid>/files/", views.file_upload, name="archives-file-upload"),
    path("items/<uuid:uid>/files/<uuid:file_uid>/", views.file_download, name="archives-file"),
    path("items/<uuid:uid>/files/<uuid:file_uid>/thumb/", views.file_download, {"thumb": True}, name="archives-thumb"),
]
