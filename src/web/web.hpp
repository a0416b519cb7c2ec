#pragma once

// The browser side of Redress: the staff app (/login, /register, /intake, /complaints/…,
// /tasks, /approvals), the customer portal (/portal, /status/…) and their static files.

#include "http/router.hpp"
#include "web/session.hpp"

namespace redress::web {

void AddWebRoutes(http::Router& router, WebServices& web);

// The parts, for AddWebRoutes.
void AddAssetRoutes(http::Router& router);
void AddStaffRoutes(http::Router& router, WebServices& web);
void AddCardRoutes(http::Router& router, WebServices& web);
void AddPortalRoutes(http::Router& router, WebServices& web);

}  // namespace redress::web
