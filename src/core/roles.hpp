#pragma once

// The people who use Redress (DOMAIN.md) and what each may do. Access is denied unless
// a role's list grants the permission; rules that depend on the complaint (only its
// responsible person may decide it) are the procedure's, in procedure.hpp.

#include <boost/describe.hpp>
#include <string_view>

namespace redress::core {

enum class Role {
    kFrontLine,      // sellers, support agents, call centre: register, resolve on the spot
    kResponsible,    // investigators: own complaints, decide validity, plan measures
    kExecutor,       // carry out measures
    kHeadOfQuality,  // owns the process: assigns, approves, signs off
    kManager,        // approvals above others' authority
    kAdmin,          // users and configuration, not complaint handling
    kAuditor,        // reads everything, changes nothing
};
BOOST_DESCRIBE_ENUM(Role, kFrontLine, kResponsible, kExecutor, kHeadOfQuality, kManager, kAdmin, kAuditor)

enum class Permission {
    kReadComplaints,
    kRegister,
    kComment,
    kConfirmInWriting,
    kAssign,          // name anyone as responsible
    kTakeOwnership,   // become responsible for an unassigned complaint
    kHandle,          // investigate, decide, propose, grant, answer, close (as its responsible)
    kHandleAny,       // handle complaints one is not responsible for
    kExecute,         // report on measures one executes
    kApprove,         // approve measures and compensation above others' authority
    kSignOff,         // quality sign-off after closing
    kReopen,
    kWithdraw,
    kReadTasks,
    kReadUsers,
    kManageUsers,
    kManageCustomers,  // the A-status list
    kReadReports,
};
BOOST_DESCRIBE_ENUM(Permission,
                    kReadComplaints,
                    kRegister,
                    kComment,
                    kConfirmInWriting,
                    kAssign,
                    kTakeOwnership,
                    kHandle,
                    kHandleAny,
                    kExecute,
                    kApprove,
                    kSignOff,
                    kReopen,
                    kWithdraw,
                    kReadTasks,
                    kReadUsers,
                    kManageUsers,
                    kManageCustomers,
                    kReadReports)

bool Allows(Role role, Permission permission);

}  // namespace redress::core
