"""Routes for accounts: thin, one service call and one commit each."""
import json

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask import Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import bp, services
from app.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegisterForm,
    ResearcherProfileForm,
    UserRolesForm,
    UserSearchForm,
)
from app.accounts.models import Membership, User
from app.extensions import db, limiter, login_manager
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.organisations import services as organisation_services
from app.routing import get_or_404, page_number, redirect_back, require

PEOPLE_PER_PAGE = 25


@login_manager.user_loader
def load_user(user_id):
    """Load the person from the session, if their login token still matches."""
    id_part, _, token = (user_id or "").partition(":")
    if not id_part.isdigit():
        return None
    user = db.session.get(User, int(id_part))
    if user is None or not user.is_active or user.login_token != token:
        return None
    return user


def _count_failed_sign_in(response):
    return response.status_code != 302


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = session.get("lang") or request.accept_languages.best_match(["sv", "en"]) or "sv"
    if form.validate_on_submit():
        user = services.register_user(form.name.data, form.email.data, form.password.data, form.locale.data)
        db.session.commit()
        login_user(user)
        flash(_("Welcome to Samverka! Ask to join your organisation, or register it."), "success")
        return redirect(url_for("organisations.index"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"],
               deduct_when=_count_failed_sign_in)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            session["lang"] = user.locale
            flash(_("You are signed in."), "success")
            return redirect_back("main.index")
        form.password.errors.append(_("The email address or the password is wrong."))
    return render_template("accounts/login.html", form=form, next=request.args.get("next", ""))


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def request_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account uses that address, we have emailed it a link to choose a new password. "
                "The link works for one hour."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def reset_password(token):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("This link has expired or has already been used. Ask for a new one."), "error")
        return redirect(url_for("accounts.request_reset"))
    form = PasswordResetForm(user=user)
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. Sign in with the new one."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, user=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.email.data, form.locale.data)
        session["lang"] = form.locale.data
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(user=current_user)
    if form.validate_on_submit():
        services.change_password(current_user, form.password.data)
        db.session.commit()
        login_user(current_user._get_current_object())  # new login token: keep this session, end the others
        flash(_("Your password has been changed. Other devices have been signed out."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/researcher", methods=["GET", "POST"])
@login_required
def researcher_profile():
    require(current_user.is_researcher)
    form = ResearcherProfileForm(obj=current_user.researcher_profile)
    if request.method == "GET" and current_user.researcher_profile is None:
        form.available.data = True
        form.capacity.data = 2
    if form.validate_on_submit():
        services.update_researcher_profile(
            current_user, form.department.data, form.expertise.data, form.bio.data,
            form.capacity.data, form.available.data,
        )
        db.session.commit()
        flash(_("Your researcher profile has been saved."), "success")
        return redirect(url_for("accounts.researcher_profile"))
    return render_template("accounts/researcher_profile.html", form=form)


@bp.route("/data")
@login_required
def my_data():
    return render_template("accounts/my_data.html", form=EmptyForm())


@bp.route("/data.json")
@login_required
def download_data():
    data = services.export_personal_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=samverka-my-data.json",
    })


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete the account, once every organisation the person alone administers has been handed over."""
    to_hand_over = organisation_services.organisations_to_hand_over(current_user)
    form = DeleteAccountForm(user=current_user)
    if not to_hand_over and form.validate_on_submit():
        services.delete_account(current_user._get_current_object())
        db.session.commit()
        logout_user()
        flash(_("Your account has been deleted. Thank you for taking part."), "info")
        return redirect(url_for("main.index"))
    return render_template("accounts/delete.html", form=form, to_hand_over=to_hand_over,
                           left_to_coordinators=organisation_services.organisations_left_to_coordinators(current_user))


@bp.route("/people")
@login_required
def people():
    require(current_user.can_manage_users())
    search = UserSearchForm.from_request()
    page = page_number()
    query = (
        sa.select(User)
        .where(User.deleted_at.is_(None))
        .options(selectinload(User.memberships).selectinload(Membership.organisation))
        .order_by(User.name, User.id)
    )
    if search.q.data:
        pattern = f"%{search.q.data.lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.name).like(pattern), sa.func.lower(User.email).like(pattern)))
    pagination = db.paginate(query, page=page, per_page=PEOPLE_PER_PAGE, error_out=False)
    return render_template("accounts/people.html", pagination=pagination, search=search)


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_roles(user_id):
    require(current_user.can_manage_users())
    person = get_or_404(User, user_id)
    if person.deleted_at is not None:
        abort(404)
    form = UserRolesForm()
    if request.method == "GET":
        form.roles.data = [role.value for role in person.role_set]
    if form.validate_on_submit():
        services.set_roles(person, form.role_values, granted_by=current_user)
        db.session.commit()
        flash(_("Roles of %(name)s have been saved.", name=person.name), "success")
        return redirect(url_for("accounts.people"))
    return render_template("accounts/edit_roles.html", form=form, person=person)
