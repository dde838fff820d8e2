from django.urls import path

from .views import logbook, placements, projects

app_name = "workplace"
urlpatterns = [
    path("", placements.index, name="index"),
    path("mentor/", placements.mentor_page, name="mentor"),
    path("placements/", placements.placements_page, name="placements"),
    path("placements/<int:enrolment_id>/", placements.placement_page, name="placement"),
    path("placements/<int:enrolment_id>/assign/", placements.placement_assign_page, name="placement_assign"),
    path("placements/<int:enrolment_id>/evaluation/", placements.evaluation_page, name="evaluation"),
    path("logbook/", logbook.own_logbook, name="logbook_own"),
    path("logbook/<int:enrolment_id>/", logbook.logbook_page, name="logbook"),
    path("logbook/<int:enrolment_id>/weeks/<str:week>/approve/", logbook.week_approve, name="week_approve"),
    path("logbook/<int:enrolment_id>/weeks/<str:week>/return/", logbook.week_return, name="week_return"),
    path("entries/<int:entry_id>/edit/", logbook.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/withdraw/", logbook.entry_withdraw, name="entry_withdraw"),
    path("entries/<int:entry_id>/approve/", logbook.entry_approve, name="entry_approve"),
    path("entries/<int:entry_id>/return/", logbook.entry_return, name="entry_return"),
    path("projects/", projects.ideas_page, name="ideas"),
    path("projects/mine/", projects.own_idea, name="idea_own"),
    path("projects/new/", projects.idea_new, name="idea_new"),
    path("projects/<int:idea_id>/", projects.idea_page, name="idea"),
    path("projects/<int:idea_id>/edit/", projects.idea_edit, name="idea_edit"),
    path("projects/<int:idea_id>/review/", projects.idea_review, name="idea_review"),
    path("projects/<int:idea_id>/complete/", projects.idea_complete, name="idea_complete"),
    path("projects/<int:idea_id>/publish/", projects.idea_publish, name="idea_publish"),
    path("projects/<int:idea_id>/comments/", projects.comment_add, name="comment_add"),
    path("projects/<int:idea_id>/attachments/", projects.attachment_add, name="attachment_add"),
    path("projects/<int:idea_id>/activities/new/", projects.activity_form, name="activity_new"),
    path("projects/<int:idea_id>/<slug:move>/", projects.idea_move, name="idea_move"),
    path("activities/<int:activity_id>/", projects.activity_form, name="activity_edit"),
    path("activities/<int:activity_id>/delete/", projects.activity_delete, name="activity_delete"),
    path("attachments/<int:attachment_id>/", projects.attachment_download, name="attachment"),
    path("attachments/<int:attachment_id>/delete/", projects.attachment_delete, name="attachment_delete"),
]
