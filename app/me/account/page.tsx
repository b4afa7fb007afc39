import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { requireUser } from "@/lib/auth.server";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/me/account");
  return (
    <div className="narrow">
      <h1>Account</h1>
      <p>{user.email} · role: {user.role}</p>
      <h2>Change password</h2>
      <ChangePasswordForm />
    </div>
  );
}
