from django.urls import path

from .views import public, staff, wallet

app_name = "recognition"
urlpatterns = [
    # Public: verification and the documents it relies on
    path("verify/", public.verify, name="verify"),
    path("verify/<str:public_id>/", public.verify_credential, name="verify_credential"),
    path("issuer/", public.issuer_profile, name="issuer"),
    path("issuer/keys/", public.issuer_jwks, name="issuer_jwks"),
    path("issuer/keys/<str:multikey>/", public.issuer_key, name="issuer_key"),
    path("status/<int:number>/", public.status_list, name="status_list"),
    path("achievements/<slug:slug>/", public.achievement, name="achievement"),
    # The learner's wallet
    path("wallet/", wallet.wallet, name="wallet"),
    path("credentials/<str:public_id>/certificate.pdf", wallet.certificate_pdf, name="certificate_pdf"),
    path("credentials/<str:public_id>/transcript.pdf", wallet.transcript_pdf, name="transcript_pdf"),
    path("credentials/<str:public_id>/credential.json", wallet.credential_json, name="credential_json"),
    # Trainers and coordinators
    path("", staff.index, name="index"),
    path("cohorts/<int:cohort_id>/", staff.cohort, name="cohort"),
    path("cohorts/<int:cohort_id>/issue/", staff.cohort_issue, name="cohort_issue"),
    path("jobs/<uuid:job_id>/", staff.job, name="job"),
    path("enrolments/<int:enrolment_id>/", staff.enrolment, name="enrolment"),
    path("enrolments/<int:enrolment_id>/issue/", staff.credential_issue, name="credential_issue"),
    path("assessments/<int:assessment_id>/", staff.assessment_edit, name="assessment_edit"),
    path("credentials/<str:public_id>/revoke/", staff.credential_revoke, name="credential_revoke"),
]
