"""Suggestions (정책 제안 / 현장 의견), their routing, review, official answers and what the
proposer sees. Writes go through `suggestions.services`; reads through `suggestions.selectors`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Department, Field, PartnerGroup

from .districts import DISTRICT_CHOICES


class Suggestion(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("정책 제안")
        FIELD_REPORT = "field_report", _("현장 의견")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("전체 공개")
        PARTNERS = "partners", _("파트너스 공개")
        POLICE = "police", _("경찰 전용")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("제출")
        RECEIVED = "received", _("접수")
        ASSIGNED = "assigned", _("배정")
        UNDER_REVIEW = "under_review", _("검토 중")
        SUPPLEMENT = "supplement", _("보완 요청")
        ANSWERED = "answered", _("답변 완료")
        IMPLEMENTED = "implemented", _("반영 완료")
        WITHDRAWN = "withdrawn", _("철회")
        MERGED = "merged", _("병합")

    class RiskType(models.TextChoices):
        CRIME_CONCERN = "crime_concern", _("범죄 우려 지역")
        FACILITY_NEEDED = "facility_needed", _("방범시설 필요")
        TRAFFIC_RISK = "traffic_risk", _("교통사고 우려")
        PARCEL_THEFT = "parcel_theft", _("택배 절도")
        RESIDENT_ANXIETY = "resident_anxiety", _("주민 불안")
        OTHER = "other", _("기타")

    ref = models.CharField(_("외부 참조번호"), max_length=40, unique=True, null=True, blank=True)
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices, default=Kind.PROPOSAL)
    title = models.CharField(_("제목"), max_length=200)
    # Sanitized limited HTML (suggestions.sanitize); the plain text is derived from it.
    body = models.TextField(_("내용"))
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("분야"))
    announcement = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("관련 정책 공지"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    group = models.ForeignKey(
        PartnerGroup, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("단체")
    )
    visibility = models.CharField(
        _("공개 범위"), max_length=20, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    status = models.CharField(_("상태"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("담당 부서"),
    )

    # Field reports: where and when.
    district = models.CharField(_("자치구"), max_length=10, choices=DISTRICT_CHOICES, blank=True, db_index=True)
    dong = models.CharField(_("법정동"), max_length=20, blank=True)
    station = models.ForeignKey(
        "places.PoliceStation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("관할 경찰서"),
    )
    address = models.CharField(_("주소·장소"), max_length=200, blank=True)
    lat = models.FloatField(_("위도"), null=True, blank=True)
    lon = models.FloatField(_("경도"), null=True, blank=True)
    # lat/lon are the 법정동 / 자치구 centroid of an address, not a pin the partner placed.
    location_approximate = models.BooleanField(_("대략 위치"), default=False)
    time_band = models.CharField(_("시간대"), max_length=11, blank=True, help_text="HH:MM-HH:MM")
    risk_type = models.CharField(_("위험 유형"), max_length=30, choices=RiskType.choices, blank=True)

    # Deadline bookkeeping (Korean business days; see suggestions.deadlines).
    received_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("처리 기한"), null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    # The status a supplement request (보완 요청) interrupted; the author's supplement resumes it.
    paused_from_status = models.CharField(max_length=20, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    # The 30-day progress notice to the proposer (sent once; see services.deadline_rules).
    interim_notice_at = models.DateTimeField(null=True, blank=True)
    # The department's reason for running late, shown to the proposer next to "기한 경과".
    delay_reason = models.TextField(_("지연 사유"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    implemented_at = models.DateTimeField(null=True, blank=True)
    implemented_announcement = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")

    support_count = models.PositiveIntegerField(default=0)
    # Moderation (suggestions.services.moderation): hidden pending review after enough reports or by
    # a moderator; hidden rows leave public lists and the search index (the author sees "검토 중").
    hidden_at = models.DateTimeField(null=True, blank=True, db_index=True)
    hidden_reason = models.CharField(max_length=20, blank=True)
    # Korean morphology computed once by the indexing task (search.analysis) and reused by rebuilds.
    analysis = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("제안")
        verbose_name_plural = _("제안")
        indexes = [models.Index(fields=["department", "status"], name="sugg_dept_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def current_rating(self) -> "Rating | None":
        """The proposer's rating of the answer in force (None until it is rated, again after a correction)."""
        return self.ratings.current().order_by("-created_at", "-id").first()


class Attachment(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class TimelineEvent(models.Model):
    """What happened to a suggestion, in order: the proposer's parcel tracker and the audit trail.

    Who is told about each kind, and with which text, is in `suggestions.events_catalogue`."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("제출")
        RECEIVED = "received", _("접수")
        ASSIGNED = "assigned", _("부서 배정")
        TRANSFERRED = "transferred", _("담당 부서 변경(이송·재배정)")
        TRANSFER_REQUESTED = "transfer_requested", _("이송 요청")
        TRANSFER_REJECTED = "transfer_rejected", _("이송 요청 반려")
        ROUTING_FAILED = "routing_failed", _("자동 배정 실패")
        REVIEW_STARTED = "review_started", _("검토 시작")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("보완 요청")
        SUPPLEMENTED = "supplemented", _("보완 제출")
        EXTENSION_REQUESTED = "extension_requested", _("처리 기한 연장 요청")
        EXTENSION_REJECTED = "extension_rejected", _("처리 기한 연장 반려")
        EXTENDED = "extended", _("처리 기한 연장")
        INTERIM_NOTICE = "interim_notice", _("처리 진행 상황 안내")
        PROGRESS_ASKED = "progress_asked", _("진행 상황 문의")
        DELAY_REASON = "delay_reason", _("처리 지연 사유")
        SITE_CHECK = "site_check", _("현장 진단 예정")
        SITE_CHECK_DONE = "site_check_done", _("현장 진단 결과")
        REFERRED = "referred", _("관계기관 통보")
        REFERRAL_REPLY = "referral_reply", _("관계기관 회신")
        ANSWER_DRAFTED = "answer_drafted", _("답변 작성")
        ANSWER_EDITED = "answer_edited", _("답변 수정")
        ANSWER_SUBMITTED = "answer_submitted", _("답변 결재 요청")
        ANSWER_RETURNED = "answer_returned", _("답변 반려")
        ANSWERED = "answered", _("공식 답변 게시")
        ANSWER_CORRECTED = "answer_corrected", _("공식 답변 정정")
        ANSWER_STEP_APPROVED = "answer_step_approved", _("답변 단계 결재")
        DELEGATED_APPROVAL = "delegated_approval", _("대결")
        APPROVAL_REASSIGNED = "approval_reassigned", _("결재자 재지정")
        IMPLEMENTED = "implemented", _("반영 완료")
        WITHDRAWN = "withdrawn", _("철회")
        MERGED = "merged", _("병합")
        MERGED_IN = "merged_in", _("중복 제안 병합됨")
        RATED = "rated", _("만족도 평가")
        MODERATION_HIDDEN = "moderation_hidden", _("신고 검토 중 숨김")
        MODERATION_RESTORED = "moderation_restored", _("신고 검토 후 다시 공개")
        MODERATION_MASKED = "moderation_masked", _("신고 검토 후 일부 가림")
        CALLBACK_RELAYED = "callback_relayed", _("청렴 콜 부서 회신 요청")
        CALLBACK_ANSWERED_BACK = "callback_answered_back", _("청렴 콜 회신")
        CALLBACK_CLOSED = "callback_closed", _("청렴 콜 종결")
        CALLBACK_RE_REVIEW = "callback_re_review", _("재검토 지시")
        PATROLLED = "patrolled", _("순찰 완료")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices, db_index=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    police_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.kind}"


class RoutingRule(models.Model):
    """HQ-editable: which department receives a new suggestion. Most specific active rule wins."""

    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("분야"))
    kind = models.CharField(_("종류"), max_length=20, choices=Suggestion.Kind.choices, blank=True)
    district = models.CharField(_("자치구"), max_length=10, choices=DISTRICT_CHOICES, blank=True)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="routing_rules")
    priority = models.PositiveSmallIntegerField(_("우선순위"), default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("배정 규칙")
        verbose_name_plural = _("배정 규칙")

    def __str__(self) -> str:
        return f"{self.field} {self.kind or '*'} {self.district or '*'} → {self.department}"


class Answer(models.Model):
    """One version of an official answer. Published versions are never edited: a correction is a
    new version that supersedes the previous one."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("수용")
        PARTIALLY_ACCEPTED = "partially_accepted", _("일부 수용")
        NOT_ACCEPTED = "not_accepted", _("불수용")
        ALREADY_IN_PLACE = "already_in_place", _("기시행")
        LONG_TERM = "long_term", _("중장기 검토")

    class State(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        PENDING = "pending", _("결재 대기")
        RETURNED = "returned", _("반려")
        PUBLISHED = "published", _("게시")
        SUPERSEDED = "superseded", _("정정됨")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="answers")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="answers")
    version = models.PositiveSmallIntegerField(default=1)
    decision = models.CharField(_("결정"), max_length=20, choices=Decision.choices)
    body = models.TextField(_("답변 내용"))
    correction_reason = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(blank=True)
    # The approval line while pending (partners.approval_line): the current step and its approver — a
    # named user (or whoever HQ reassigned it to), else the holder of `step_role` in the department.
    step = models.PositiveSmallIntegerField(default=0)
    step_label = models.CharField(max_length=50, blank=True)
    step_role = models.CharField(max_length=20, blank=True, default="head")
    step_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Each step's approval: {step, label, user, user_name, on_behalf_of, on_behalf_of_name, at}.
    approvals = models.JSONField(default=list, blank=True)
    # 대결: the head the publishing approver stood in for.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["suggestion", "version", "id"]
        verbose_name = _("공식 답변")
        verbose_name_plural = _("공식 답변")

    def __str__(self) -> str:
        return f"{self.suggestion_id} v{self.version} ({self.state})"


class AnswerTemplate(models.Model):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="answer_templates")
    title = models.CharField(max_length=100)
    body = models.TextField()

    class Meta:
        ordering = ["department", "title"]
        verbose_name = _("답변 서식")
        verbose_name_plural = _("답변 서식")

    def __str__(self) -> str:
        return f"{self.department}: {self.title}"


class DecidedRequest(models.Model):
    """A request someone files and someone else decides (extension, transfer): who asked, who
    decided, when, with what note. Each subclass has its own states and subject fields."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class DeadlineExtension(DecidedRequest):
    """처리 기한 연장: the department asks with a reason and a new date, its head decides. At most one
    approved per suggestion (and one pending at a time): the partial unique constraint holds it."""

    class State(models.TextChoices):
        PENDING = "pending", _("결재 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="extensions")
    old_due_date = models.DateField(_("현재 처리 기한"))
    new_due_date = models.DateField(_("새 처리 기한"))
    reason = models.TextField(_("연장 사유"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, db_index=True)

    class Meta(DecidedRequest.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("처리 기한 연장")
        verbose_name_plural = _("처리 기한 연장")
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion"], condition=models.Q(state__in=["pending", "approved"]), name="one_live_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.old_due_date} → {self.new_due_date} ({self.state})"


class Support(models.Model):
    """공감: one per partner member per suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suggestion", "user"], name="uniq_support")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.suggestion_id}"


class RatingQuerySet(models.QuerySet):
    def current(self) -> "RatingQuerySet":
        """The ratings of the answers now in force (older rows from before versions: no answer)."""
        return self.filter(models.Q(answer__state="published") | models.Q(answer__isnull=True))


class Rating(models.Model):
    """The proposer's satisfaction with one published answer version (1–5): a corrected answer can be
    rated again; the suggestion's current rating is the one on the answer in force."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="ratings")
    # Null only for ratings made before answers had versions (and no published answer to point at).
    answer = models.ForeignKey(
        "suggestions.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    # The partner ticked "민원으로 접수": the callback desk takes it up whatever the score.
    is_complaint = models.BooleanField(_("민원으로 접수"), default=False)
    # The comment hidden pending review (moderation); the score still counts.
    comment_hidden_at = models.DateTimeField(null=True, blank=True)
    comment_hidden_reason = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_1_5"),
            models.UniqueConstraint(fields=["suggestion", "answer"], name="one_rating_per_answer"),
            models.UniqueConstraint(
                fields=["suggestion"], condition=models.Q(answer__isnull=True), name="one_unversioned_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.score}"


class TransferRequest(DecidedRequest):
    """이송 요청: a department asks HQ to move a suggestion elsewhere, with a reason."""

    class State(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="transfer_requests")
    from_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    to_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("이송 희망 부서")
    )
    reason = models.TextField(_("이송 사유"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, db_index=True)

    class Meta(DecidedRequest.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("이송 요청")
        verbose_name_plural = _("이송 요청")

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.from_department_id} → {self.to_department_id or '?'}"


class Notification(models.Model):
    """One message to one user on one channel. `key` makes delivery idempotent: a redelivered
    task finds the row and does not send twice. E-mail and SMS rows are sent later, outside the
    write, and retried with backoff (`attempts`, `next_attempt_at`) until sent or `failed`."""

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("앱")
        EMAIL = "email", _("이메일")
        SMS = "sms", _("문자")

    class Status(models.TextChoices):
        PENDING = "pending", _("발송 대기")
        SENT = "sent", _("발송됨")
        DELIVERED = "delivered", _("수신 확인")
        FAILED = "failed", _("발송 실패")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=40)
    message = models.TextField()
    key = models.CharField(max_length=200, unique=True)
    link = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The gateway's message id, matched by its delivery receipt.
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self) -> str:
        return self.key


from .callbacks import models as callback_models  # noqa: E402, F401  (own module, this app's models)
from .following import models as following_models  # noqa: E402, F401  (own module, this app's models)
from .moderation_models import ContentReport as ContentReport  # noqa: E402  (own module, this app's model)
from .objections.models import Objection as Objection  # noqa: E402  (own module, this app's model)
from .patrols import models as patrol_models  # noqa: E402, F401  (own module, this app's models)
from .referrals.models import AgencyReferral as AgencyReferral  # noqa: E402  (own module, this app's models)
from .referrals.models import SiteCheck as SiteCheck  # noqa: E402
from .stats_models import PublicDepartmentStats as PublicDepartmentStats  # noqa: E402
from .stats_models import PublicStatsStale as PublicStatsStale  # noqa: E402
