"""Routes for the organisation directory and memberships."""
import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.accounts.constants import MembershipState, OrganisationKind, Sector
from app.accounts.models import Membership, Organisation
from app.extensions import db
from app.forms import EmptyForm, choices
from app.i18n import gettext as _
from app.organisations import bp, services
from app.organisations.forms import AllianceMembershipForm, HandOverForm, OrganisationFilterForm, OrganisationForm
from app.routing import done, get_or_404, is_safe_path, page_number, redirect_back, require

PER_PAGE = 25


def _form_fields(form):
    return {
        "name": form.name.data, "org_number": form.org_number.data, "kind": form.kind_value,
        "sector": form.sector_value, "municipality": form.municipality.data,
        "website": form.website.data or None, "description": form.description.data or "",
    }


@bp.route("/")
@login_required
def index():
    filters = OrganisationFilterForm.from_request()
    page = page_number()
    query = sa.select(Organisation).order_by(Organisation.name, Organisation.id)
    if filters.q.data:
        query = query.where(sa.func.lower(Organisation.name).like(f"%{filters.q.data.lower()}%"))
    if filters.kind.data:
        query = query.where(Organisation.kind == OrganisationKind(filters.kind.data))
    if filters.sector.data:
        query = query.where(Organisation.sector == Sector(filters.sector.data))
    if filters.municipality.data:
        query = query.where(Organisation.municipality == filters.municipality.data)
    if filters.alliance.data:
        query = query.where(Organisation.member_since.is_not(None))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    my_memberships = {m.organisation_id: m for m in current_user.memberships}
    return render_template("organisations/index.html", pagination=pagination, filters=filters,
                           my_memberships=my_memberships)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = services.create_organisation(current_user, **_form_fields(form))
        return done(_("%(name)s has been registered, and you are its admin.", name=organisation.name),
                    "organisations.show", organisation_id=organisation.id)
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.route("/<int:organisation_id>")
@login_required
def show(organisation_id):
    organisation = db.session.scalar(
        sa.select(Organisation).where(Organisation.id == organisation_id)
        .options(selectinload(Organisation.memberships).selectinload(Membership.user))
    )
    if organisation is None:
        abort(404)
    require(organisation.can_view(current_user))
    memberships = sorted(organisation.memberships, key=lambda m: (m.state != MembershipState.pending, m.user.name))
    return render_template("organisations/show.html", organisation=organisation, memberships=memberships,
                           my_membership=organisation.membership_of(current_user), form=EmptyForm())


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id):
    organisation = get_or_404(Organisation, organisation_id)
    require(organisation.can_edit(current_user))
    form = OrganisationForm(obj=organisation, organisation=organisation)
    if request.method == "GET":
        form.kind.data = organisation.kind.value
        form.sector.data = organisation.sector.value
    if form.validate_on_submit():
        services.update_organisation(organisation, **_form_fields(form))
        return done(_("The organisation has been saved."), "organisations.show", organisation_id=organisation.id)
    return render_template("organisations/form.html", form=form, organisation=organisation)


@bp.route("/<int:organisation_id>/alliance", methods=["GET", "POST"])
@login_required
def alliance(organisation_id):
    organisation = get_or_404(Organisation, organisation_id)
    require(organisation.can_set_alliance_membership(current_user))
    form = AllianceMembershipForm(obj=organisation)
    members = [m.user for m in organisation.memberships if m.state == MembershipState.approved]
    form.contact_person_id.choices = choices([(0, _("No contact person"))] + [(u.id, u.name) for u in members])
    if request.method == "GET":
        form.is_member.data = organisation.is_alliance_member
        form.contact_person_id.data = organisation.contact_person_id or 0
    if form.validate_on_submit():
        services.set_alliance_membership(
            organisation, form.member_since.data if form.is_member.data else None,
            form.contact_person_id.data or None, current_user,
        )
        return done(_("Alliance membership has been saved."), "organisations.show", organisation_id=organisation.id)
    return render_template("organisations/alliance.html", form=form, organisation=organisation,
                           goal=current_app.config["ALLIANCE_GOAL"])


@bp.route("/<int:organisation_id>/join", methods=["POST"])
@login_required
def join(organisation_id):
    organisation = get_or_404(Organisation, organisation_id)
    require(organisation.can_request_to_join(current_user))
    services.request_membership(current_user, organisation)
    return done(_("Your request to join has been sent to the organisation's admins."),
                "organisations.show", organisation_id=organisation.id)


def _membership_or_404(organisation_id, membership_id):
    membership = get_or_404(Membership, membership_id)
    if membership.organisation_id != organisation_id:
        abort(404)
    return membership


@bp.route("/<int:organisation_id>/members/<int:membership_id>/approve", methods=["POST"])
@login_required
def approve_member(organisation_id, membership_id):
    membership = _membership_or_404(organisation_id, membership_id)
    require(membership.organisation.can_manage_members(current_user))
    services.approve_membership(membership, current_user)
    return done(_("%(name)s is now a member.", name=membership.user.name),
                "organisations.show", organisation_id=organisation_id)


@bp.route("/<int:organisation_id>/members/<int:membership_id>/remove", methods=["POST"])
@login_required
def remove_member(organisation_id, membership_id):
    membership = _membership_or_404(organisation_id, membership_id)
    leaving = membership.user_id == current_user.id
    require(leaving or membership.organisation.can_manage_members(current_user))
    services.remove_membership(membership, current_user)
    db.session.commit()
    if leaving:
        flash(_("You have left the organisation."), "info")
        return redirect(url_for("organisations.index"))
    flash(_("The membership has been removed."), "info")
    return redirect(url_for("organisations.show", organisation_id=organisation_id))


@bp.route("/<int:organisation_id>/members/<int:membership_id>/admin", methods=["POST"])
@login_required
def toggle_admin(organisation_id, membership_id):
    membership = _membership_or_404(organisation_id, membership_id)
    require(membership.organisation.can_manage_members(current_user))
    services.set_membership_admin(membership, not membership.is_admin)
    return done(_("The admin rights have been changed."), "organisations.show", organisation_id=organisation_id)


@bp.route("/<int:organisation_id>/hand-over", methods=["GET", "POST"])
@login_required
def hand_over(organisation_id):
    """Let an admin hand their role to another member, or to the coordinators, before they go."""
    organisation = get_or_404(Organisation, organisation_id)
    require(organisation.is_admin(current_user))
    form = HandOverForm(successors=services.successors(organisation, current_user))
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        successor = form.chosen_membership
        left_to_coordinators = services.hand_over_organisation(organisation, current_user, successor)
        db.session.commit()
        if left_to_coordinators:
            flash(_("%(organisation)s is now in the coordinators' care.", organisation=organisation.name), "success")
        elif successor is None:
            flash(_("You are no longer an admin of %(organisation)s.", organisation=organisation.name), "success")
        else:
            flash(_("%(name)s is now admin of %(organisation)s.", name=successor.user.name,
                    organisation=organisation.name), "success")
        return redirect_back("organisations.show", organisation_id=organisation.id)
    back = form.next.data if is_safe_path(form.next.data) else url_for("organisations.show",
                                                                        organisation_id=organisation.id)
    return render_template("organisations/hand_over.html", form=form, organisation=organisation, back=back)
