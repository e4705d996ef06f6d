"""Who is who: safety fields, partner groups and their members, departments and their officers,
HQ analysts, and invitations. What each may see and do is decided in `partners.access` only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Field(models.Model):
    """치안 분야 (범죄예방, 아동·여성, 교통, 수사·안보, 집회·시위), managed as data."""

    slug = models.SlugField(unique=True, allow_unicode=True)
    name = models.CharField(_("이름"), max_length=50, unique=True)
    name_en = models.CharField(_("영문 이름"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("치안 분야")
        verbose_name_plural = _("치안 분야")

    def __str__(self) -> str:
        return self.name


class PartnerGroup(models.Model):
    class Kind(models.TextChoices):
        MOM_CAFE = "맘카페", _("맘카페")
        PATROL = "자율방범대", _("자율방범대")
        GREEN_MOTHERS = "녹색어머니회", _("녹색어머니회")
        MODEL_DRIVERS = "모범운전자회", _("모범운전자회")
        POST_CSO = "POST-CSO 집배원", _("POST-CSO 집배원")
        POLICE_COMMITTEE = "경찰발전위원회", _("경찰발전위원회")
        CIVIC = "시민단체", _("시민단체")
        OTHER = "기타", _("기타")

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("단체명"), max_length=100)
    # Free text with suggested values: the programme keeps adding kinds (외국인 자율방범대, …).
    kind = models.CharField(_("유형"), max_length=50)
    fields = models.ManyToManyField(Field, blank=True, related_name="groups", verbose_name=_("분야"))
    description = models.TextField(_("소개"), blank=True)
    member_count_hint = models.PositiveIntegerField(_("회원 규모"), null=True, blank=True)
    appointed_from = models.DateField(_("위촉 시작일"), null=True, blank=True)
    appointed_until = models.DateField(_("위촉 종료일"), null=True, blank=True)
    is_active = models.BooleanField(_("활성"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("치안파트너스 단체")
        verbose_name_plural = _("치안파트너스 단체")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("회원")
        REPRESENTATIVE = "representative", _("대표")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(PartnerGroup, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("역할"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("활성"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="uniq_membership")]
        verbose_name = _("단체 회원")
        verbose_name_plural = _("단체 회원")

    def __str__(self) -> str:
        return f"{self.user} @ {self.group} ({self.get_role_display()})"


class Department(models.Model):
    """답변 부서: owns fields and answers the suggestions routed to it."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("부서명"), max_length=100)
    fields = models.ManyToManyField(Field, blank=True, related_name="departments", verbose_name=_("담당 분야"))
    answer_days = models.PositiveSmallIntegerField(_("표준 처리 기간(영업일)"), default=14)
    proposal_answer_days = models.PositiveSmallIntegerField(_("정책 제안 처리 기간(영업일)"), default=30)
    is_active = models.BooleanField(_("활성"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("답변 부서")
        verbose_name_plural = _("답변 부서")

    def __str__(self) -> str:
        return self.name


class OfficerMembership(models.Model):
    class Role(models.TextChoices):
        OFFICER = "officer", _("담당관")
        TEAM_LEAD = "team_lead", _("팀장")
        HEAD = "head", _("부서장")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_memberships")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="officers")
    role = models.CharField(_("역할"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    is_active = models.BooleanField(_("활성"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "department"], name="uniq_officer")]
        verbose_name = _("부서 담당자")
        verbose_name_plural = _("부서 담당자")

    def __str__(self) -> str:
        return f"{self.user} @ {self.department} ({self.get_role_display()})"


class Delegation(models.Model):
    """대결: a head names a deputy (police staff of the department) who approves in the head's stead
    from `starts_at` until `ends_at`; revoking ends it early. Who counts as acting head: `partners.access`."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="delegations")
    head = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputy_for", verbose_name=_("대결자")
    )
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    reason = models.TextField(_("사유"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="delegation_period")
        ]
        verbose_name = _("대결 지정")
        verbose_name_plural = _("대결 지정")

    def __str__(self) -> str:
        return f"{self.deputy} ← {self.head} @ {self.department}"


class ApprovalStep(models.Model):
    """One step of a department's answer approval line (e.g. 팀장 → 부서장), in `order`. The approver is
    a named user, else anyone holding `role` in the department. No steps: the head alone approves."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="approval_steps")
    order = models.PositiveSmallIntegerField(_("순서"))
    label = models.CharField(_("단계 이름"), max_length=50)
    role = models.CharField(_("결재 역할"), max_length=20, choices=OfficerMembership.Role.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("결재자"),
    )

    class Meta:
        ordering = ["department", "order"]
        constraints = [
            models.UniqueConstraint(fields=["department", "order"], name="uniq_approval_step"),
            models.CheckConstraint(
                condition=~models.Q(role="") | models.Q(user__isnull=False), name="approval_step_has_approver"
            ),
        ]
        verbose_name = _("결재 단계")
        verbose_name_plural = _("결재 단계")

    def __str__(self) -> str:
        return f"{self.department} {self.order}. {self.label}"


class Profile(models.Model):
    """Per-user settings: display name, HQ analyst and 민원 점검관 flags and notification channels."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("표시 이름"), max_length=50, blank=True)
    phone = models.CharField(_("휴대전화"), max_length=20, blank=True)
    is_hq_analyst = models.BooleanField(_("본청 분석 담당"), default=False)
    # 민원 점검관 (청문감사관실 callback officer): police, but sees masked texts only.
    is_callback_auditor = models.BooleanField(_("민원 점검관"), default=False)
    notify_in_app = models.BooleanField(_("앱 알림"), default=True)
    notify_email = models.BooleanField(_("이메일 알림"), default=True)
    notify_sms = models.BooleanField(_("문자 알림"), default=False)

    class Meta:
        verbose_name = _("사용자 설정")
        verbose_name_plural = _("사용자 설정")

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


class Invitation(models.Model):
    """An invitation by e-mail; the link carries a signed, expiring token for this row."""

    email = models.EmailField(_("이메일"))
    group = models.ForeignKey(PartnerGroup, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("초대")
        verbose_name_plural = _("초대")

    def __str__(self) -> str:
        return f"{self.email} → {self.group}"


class PoliceInvitation(models.Model):
    """An administrator invites an officer, team lead or head of a department, or an HQ analyst, by
    e-mail; the signed link (expiring, single use) lets them choose a username and password."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("담당관")
        TEAM_LEAD = "team_lead", _("팀장")
        HEAD = "head", _("부서장")
        HQ = "hq", _("본청 분석 담당")

    email = models.EmailField(_("이메일"))
    role = models.CharField(_("역할"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("부서")
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="hq") | models.Q(department__isnull=False), name="police_invitation_department"
            )
        ]
        verbose_name = _("경찰 계정 초대")
        verbose_name_plural = _("경찰 계정 초대")

    def __str__(self) -> str:
        return f"{self.email} → {self.get_role_display()} {self.department or ''}".strip()
