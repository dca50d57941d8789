<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../ui/claim_preview.py" line="366"/>
        <source>BatchPdfJob</source>
        <comment>正在生成申请表…</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="366"/>
        <source>BatchPdfJob</source>
        <comment>取消</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="368"/>
        <location filename="../../ui/claim_preview.py" line="390"/>
        <location filename="../../ui/claim_preview.py" line="399"/>
        <source>BatchPdfJob</source>
        <comment>批量生成申请表</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="377"/>
        <source>BatchPdfJob</source>
        <comment>已生成 {0}/{1}：{2}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="382"/>
        <source>BatchPdfJob</source>
        <comment>已生成 {0} 份申请表，保存在 {1}。</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="385"/>
        <source>BatchPdfJob</source>
        <comment>已取消，其余申请未生成。</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="387"/>
        <source>BatchPdfJob</source>
        <comment>以下申请缺少资料，未生成：</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchPdfJob</name>
    <message>
        <location filename="../../ui/claim_preview.py" line="296"/>
        <source>生成申请表时出现意外错误，详细信息已写入日志。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClaimPreviewDialog</name>
    <message>
        <location filename="../../ui/claim_preview.py" line="74"/>
        <source>无法打开申请表 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="91"/>
        <source>上一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="97"/>
        <source>下一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="101"/>
        <source>缩小</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="104"/>
        <source>放大</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="105"/>
        <source>适合宽度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="106"/>
        <source>整页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="111"/>
        <source>打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="114"/>
        <source>另存为 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="168"/>
        <source>第 {0} 页，共 {1} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="207"/>
        <source>打印申请表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="217"/>
        <source>无法打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="217"/>
        <source>打印机无法开始打印，请检查打印机设置。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="246"/>
        <source>另存为 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="246"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="257"/>
        <source>无法保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="257"/>
        <source>无法写入 {0}：{1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactForm</name>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="81"/>
        <source>编辑联系人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="81"/>
        <source>新建联系人</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../ui/forms.py" line="74"/>
        <source>年-月-日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="78"/>
        <source>选择日期</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterpriseDetail</name>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="108"/>
        <source>联系人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="114"/>
        <source>添加联系人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="116"/>
        <source>删除联系人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="121"/>
        <source>走访与需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="167"/>
        <source>（未填统一社会信用代码）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="169"/>
        <source>高新技术企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="177"/>
        <source>走访 %1&#x3000;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="182"/>
        <source>需求&#x3000;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="202"/>
        <source>不能删除</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterprisesWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="226"/>
        <source>企业名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="233"/>
        <source>统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="240"/>
        <source>行政区划</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="246"/>
        <source>行业代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="252"/>
        <source>产业集群</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="258"/>
        <source>高新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="264"/>
        <source>联系人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="270"/>
        <source>地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="277"/>
        <source>更新时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="288"/>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="305"/>
        <source>新建企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="315"/>
        <source>编辑企业</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntityFormDialog</name>
    <message>
        <location filename="../../ui/forms.py" line="342"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="344"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="345"/>
        <source>忽略警告并保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="441"/>
        <source>请核对上面的提示；确认无误可点击“忽略警告并保存”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="454"/>
        <source>放弃修改？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="455"/>
        <source>表单有未保存的修改。要保存吗？</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="34"/>
        <source>企业名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="37"/>
        <source>统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="39"/>
        <source>18 位代码；校验不通过的早期试点代码会提示，可确认后保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="41"/>
        <source>行政区划代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="42"/>
        <source>地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="43"/>
        <source>国民经济行业代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="44"/>
        <source>产业集群</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="45"/>
        <source>集群分类版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="46"/>
        <source>高新技术企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="49"/>
        <source>工程中心级别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="54"/>
        <location filename="../../ui/workspaces/enterprises.py" line="66"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="60"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="61"/>
        <source>职务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="62"/>
        <source>手机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="63"/>
        <source>电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="64"/>
        <source>电子邮箱</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="65"/>
        <source>微信</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListWorkspace</name>
    <message>
        <location filename="../../ui/listview.py" line="106"/>
        <source>筛选：名称、代码、拼音首字母…（Ctrl+F）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="110"/>
        <source>新建</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="112"/>
        <source>打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="113"/>
        <source>删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/listview.py" line="216"/>
        <source>共 %n 条</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="219"/>
        <source>读取列表失败，详情见日志。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="262"/>
        <source>不能删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/listview.py" line="265"/>
        <source>已删除 %n 条记录</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="48"/>
        <source>今日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="52"/>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="57"/>
        <source>走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="60"/>
        <source>需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="64"/>
        <source>成果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="70"/>
        <source>对接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="76"/>
        <source>合同</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="82"/>
        <source>奖励申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="88"/>
        <source>设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="105"/>
        <source>技术经纪人工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="107"/>
        <source>（演示数据）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="178"/>
        <source>数据文件：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="191"/>
        <source>企业 %1 · 需求 %2 · 成果 %3 · 合同 %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferenceEdit</name>
    <message>
        <location filename="../../ui/forms.py" line="128"/>
        <source>输入名称、拼音首字母或代码</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <location filename="../../ui/listview.py" line="41"/>
        <source>撤销</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="79"/>
        <source>无法完成操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="83"/>
        <source>出现意外错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="84"/>
        <source>操作没有完成，已保存的数据不受影响。详细信息已写入日志文件，可将其发送给技术支持。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="114"/>
        <source>技术经纪人工作台已在运行，已切换到它的窗口。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="119"/>
        <source>数据目录正被使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="120"/>
        <source>另一个技术经纪人工作台（进程 %1）正在使用这个数据目录：
%2
请先关闭它，或用 --data-dir 打开其他目录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="154"/>
        <source>无法打开数据文件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
